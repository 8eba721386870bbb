"""Cost categories and departments are data, kept here. Budgets, claims and advances are shown
read-only: they change only through the app's services and the approval mechanism."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Budget, CashAdvance, CostCategory, Department, ExpenseClaim, Supplement


@admin.register(CostCategory)
class CostCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "owner"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["year", "scope", "region", "department", "project", "owner", "status"]
    list_filter = ["year", "scope", "status"]
    list_select_related = ["region", "department", "project", "owner"]


@admin.register(ExpenseClaim)
class ExpenseClaimAdmin(ReadOnlyAdmin):
    list_display = ["title", "claimant", "region", "department", "total", "status", "created_at"]
    list_filter = ["status", "region"]
    list_select_related = ["claimant", "region", "department"]
    search_fields = ["title"]


@admin.register(Supplement)
class SupplementAdmin(ReadOnlyAdmin):
    list_display = ["line", "requester", "amount", "status", "approved_on"]
    list_select_related = ["requester", "line__budget", "line__category"]


@admin.register(CashAdvance)
class CashAdvanceAdmin(ReadOnlyAdmin):
    list_display = ["person", "amount", "status", "planned_date"]
    list_select_related = ["person"]
