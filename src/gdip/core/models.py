"""Reference data shared by every module: regions (GB/T 2260) and population by year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PopulationFigure", "Region"]


class Region(models.Model):
    """An administrative division with its current GB/T 2260 code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("Prefecture-level city")
        DISTRICT = "district", _("District or county")

    code = models.CharField(max_length=6, primary_key=True)
    name = models.CharField(max_length=64)
    name_en = models.CharField(max_length=64, blank=True)
    level = models.CharField(max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PopulationFigure(models.Model):
    """Resident population of a region in a year: the denominator of per-10k indicators."""

    class Basis(models.TextChoices):
        CENSUS = "census", _("Census (1 November)")
        YEAR_END = "year_end", _("Year-end resident population")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="population")
    year = models.PositiveSmallIntegerField()
    basis = models.CharField(max_length=10, choices=Basis.choices)
    population = models.PositiveBigIntegerField()
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["region", "year", "basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "basis"], name="population_unique_region_year_basis"
            )
        ]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.basis}: {self.population}"
