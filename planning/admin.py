from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Adjustment, CompanyTarget, RegionPlan, RollingTarget


@admin.register(RollingTarget)
class RollingTargetAdmin(ReadOnlyAdmin):
    list_display = ["base_year", "created_by", "created_at"]


@admin.register(CompanyTarget)
class CompanyTargetAdmin(ReadOnlyAdmin):
    list_display = ["year", "litres", "revenue", "margin"]


@admin.register(RegionPlan)
class RegionPlanAdmin(ReadOnlyAdmin):
    list_display = ["year", "region", "status", "current_version"]
    list_filter = ["year", "status", "region"]


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["plan", "status", "version", "created_at"]
