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

    # A customer moved to another region or deleted (a duplicate merged away) changes the
    # classification grid's cells of its regions: they are counted again.
    def save_model(self, request, obj, form, change):
        from .services import customer_regions_changed

        was_in = Customer.objects.filter(pk=obj.pk).values_list("region_id", flat=True).first()
        super().save_model(request, obj, form, change)
        if change and was_in != obj.region_id:
            customer_regions_changed(region_ids=[was_in, obj.region_id])

    def delete_model(self, request, obj):
        from .services import customer_regions_changed

        region_id = obj.region_id
        super().delete_model(request, obj)
        customer_regions_changed(region_ids=[region_id])

    def delete_queryset(self, request, queryset):
        from .services import customer_regions_changed

        region_ids = set(queryset.values_list("region_id", flat=True))
        super().delete_queryset(request, queryset)
        customer_regions_changed(region_ids=region_ids)
