"""The competency model, the required profiles, KPI definitions (with their scoring bands) and
incentive parameters (with commission bands) are data, edited here. KPI values and bonus
sheets are read-only: the monthly job and the approval mechanism write them."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import (
    BonusSheet,
    CommissionBand,
    Competency,
    CompetencyGroup,
    IncentiveParameter,
    KpiDefinition,
    KpiValue,
    LevelStandard,
    RequiredLevel,
    ScoringBand,
)


@admin.register(CompetencyGroup)
class CompetencyGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "order"]


class LevelStandardInline(admin.TabularInline):
    model = LevelStandard
    extra = 0
    max_num = 5


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "group"]
    list_select_related = ["group"]
    inlines = [LevelStandardInline]


@admin.register(RequiredLevel)
class RequiredLevelAdmin(admin.ModelAdmin):
    list_display = ["role", "competency", "level"]
    list_editable = ["level"]
    list_filter = ["role"]
    list_select_related = ["competency"]


class ScoringBandInline(admin.TabularInline):
    model = ScoringBand
    extra = 0


@admin.register(KpiDefinition)
class KpiDefinitionAdmin(admin.ModelAdmin):
    list_display = ["year", "role", "formula", "name", "name_en", "weight", "target"]
    list_filter = ["year", "role"]
    inlines = [ScoringBandInline]


class CommissionBandInline(admin.TabularInline):
    model = CommissionBand
    extra = 0


@admin.register(IncentiveParameter)
class IncentiveParameterAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "role",
        "fixed_pay",
        "performance_base",
        "department_bonus_base",
        "satisfaction_bonus_base",
    ]
    list_filter = ["year", "role"]
    inlines = [CommissionBandInline]


@admin.register(KpiValue)
class KpiValueAdmin(ReadOnlyAdmin):
    list_display = ["month", "definition", "person", "region", "status", "value", "score"]
    list_filter = ["month", "status"]
    list_select_related = ["definition", "person", "region"]


@admin.register(BonusSheet)
class BonusSheetAdmin(ReadOnlyAdmin):
    list_display = ["year", "kind", "quarter", "status", "total"]
