"""The reference data an administrator edits: classification criteria and weights, how often
each class is visited, survey questions. The archive itself is edited in the app's pages."""

from django.contrib import admin

from .models import ClassificationCriterion, Customer, SurveyQuestion, VisitFrequency


@admin.register(ClassificationCriterion)
class ClassificationCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "axis", "weight", "active", "order"]
    list_editable = ["weight", "active", "order"]
    list_filter = ["axis", "active"]


@admin.register(VisitFrequency)
class VisitFrequencyAdmin(admin.ModelAdmin):
    list_display = ["customer_class", "every_days"]
    list_editable = ["every_days"]


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "text_en", "scored", "active", "order"]
    list_editable = ["scored", "active", "order"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    """For merging duplicates and fixing data; everyday editing happens in the app."""

    list_display = ["name", "name_en", "region", "customer_type", "customer_class", "owner"]
    list_filter = ["region", "customer_type", "customer_class"]
    search_fields = ["name", "name_en", "search_name"]
    list_select_related = ["region", "owner"]
    raw_id_fields = ["parent", "owner"]
