from django.contrib import admin

from .models import (
    FormulaVersion,
    MarketUpload,
    MetalPrice,
    PricingStrategy,
    Product,
    Quote,
    StandardCost,
)


class FormulaInline(admin.TabularInline):
    model = FormulaVersion
    extra = 0
    readonly_fields = ["pt_g", "pd_g", "rh_g"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "substrate_type", "volume_l", "lifecycle", "is_active"]
    list_filter = ["substrate_type", "lifecycle", "is_active"]
    search_fields = ["code", "name"]
    inlines = [FormulaInline]


class MetalPriceInline(admin.TabularInline):
    model = MetalPrice
    extra = 0


@admin.register(MarketUpload)
class MarketUploadAdmin(admin.ModelAdmin):
    list_display = ["month", "usd_cny", "product_count", "uploaded_by", "uploaded_at", "is_current"]
    list_filter = ["is_current"]
    inlines = [MetalPriceInline]
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(StandardCost)
class StandardCostAdmin(admin.ModelAdmin):
    list_display = ["product", "month", "metal_cost", "substrate", "manufacturing", "total"]
    list_filter = ["month"]
    list_select_related = ["product"]


@admin.register(PricingStrategy)
class PricingStrategyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "valid_from",
        "markup_a",
        "markup_b",
        "markup_c",
        "markup_d",
        "approved_at",
    ]
    readonly_fields = ["approved_at"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["number", "customer", "product", "unit_price", "status", "owner", "below_floor"]
    list_filter = ["status", "below_floor"]
    list_select_related = ["customer", "product", "owner"]
    raw_id_fields = ["customer", "project", "product", "formula", "upload", "strategy", "owner"]
