from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from core.admin import ReadOnlyInline

from .models import Assignment, Region, User
from .services import person_assign


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "is_active"]
    search_fields = ["code", "name", "name_en"]


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    fk_name = "person"
    fields = ["role", "region", "manager", "started_at", "ended_at", "changed_by"]


@admin.register(User)
class PersonAdmin(UserAdmin):
    list_display = ["username", "display_name", "role", "region", "manager", "is_active"]
    list_filter = ["role", "region", "is_active"]
    list_select_related = ["region", "manager"]
    search_fields = ["username", "display_name", "first_name", "last_name", "email"]
    fieldsets = UserAdmin.fieldsets + (
        ("Organisation", {"fields": ("display_name", "role", "region", "manager", "language")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("Organisation", {"fields": ("display_name", "role", "region", "manager")}),
    )
    inlines = [AssignmentInline]

    def save_model(self, request, obj, form, change):
        # Role, region and manager changes go through the service so history is kept and the
        # role group follows.
        assignment_changed = not change or {"role", "region", "manager"} & set(form.changed_data)
        super().save_model(request, obj, form, change)
        if assignment_changed:
            person_assign(
                person=obj,
                role=obj.role,
                region=obj.region,
                manager=obj.manager,
                actor=request.user,
            )
