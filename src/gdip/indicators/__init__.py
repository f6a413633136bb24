"""Plan monitoring (M2): the plan as data, indicators as engine-agnostic Ibis expressions.

Import from the submodules (``gdip.indicators.high_value``, ``.computed``, ``.evaluation``):
this package stays import-light so that the CLI and Django start fast.
"""
