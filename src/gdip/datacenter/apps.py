from django.apps import AppConfig


class DatacenterConfig(AppConfig):
    name = "gdip.datacenter"
    label = "datacenter"
    verbose_name = "Data center"
