"""Demo organisation: three regions and one person for every role (SPEC §2)."""

from core.demo import DEMO_PASSWORD

from .models import Region, User
from .roles import Role
from .services import person_create

ORDER = 10

REGIONS = [
    ("north", "华北", "North"),
    ("east", "华东", "East"),
    ("south", "华南", "South"),
]

# username, display name, role, region code, manager username
PEOPLE = [
    ("gm", "周国强", Role.GENERAL_MANAGER, None, None),
    ("exec", "孙立平", Role.EXECUTIVE, None, None),
    ("director", "王志远", Role.DIRECTOR, None, "gm"),
    ("finance", "陈雅琴", Role.FINANCE, None, "gm"),
    ("mktadmin", "刘思雨", Role.MARKETING_ADMIN, None, "director"),
    ("tech1", "赵工", Role.TECH_SUPPORT, None, "director"),
    ("tech2", "钱工", Role.TECH_SUPPORT, None, "director"),
    ("north_manager", "李建华", Role.REGION_MANAGER, "north", "director"),
    ("north_rep1", "张伟", Role.SALES_REP, "north", "north_manager"),
    ("north_rep2", "王磊", Role.SALES_REP, "north", "north_manager"),
    ("north_rep3", "刘洋", Role.SALES_REP, "north", "north_manager"),
    ("east_manager", "陈明", Role.REGION_MANAGER, "east", "director"),
    ("east_rep1", "杨静", Role.SALES_REP, "east", "east_manager"),
    ("east_rep2", "黄勇", Role.SALES_REP, "east", "east_manager"),
    ("east_rep3", "吴敏", Role.SALES_REP, "east", "east_manager"),
    ("south_manager", "林海", Role.REGION_MANAGER, "south", "director"),
    ("south_rep1", "郑涛", Role.SALES_REP, "south", "south_manager"),
    ("south_rep2", "何丽", Role.SALES_REP, "south", "south_manager"),
    ("south_rep3", "许斌", Role.SALES_REP, "south", "south_manager"),
]


def seed(*, out) -> None:
    regions = {}
    for code, name, name_en in REGIONS:
        regions[code], _ = Region.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en}
        )
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", "admin@example.com", DEMO_PASSWORD, display_name="系统管理员"
        )
    for username, display_name, role, region_code, manager_name in PEOPLE:
        if User.objects.filter(username=username).exists():
            continue
        person_create(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            region=regions.get(region_code),
            manager=User.objects.filter(username=manager_name).first() if manager_name else None,
            display_name=display_name,
            email=f"{username}@example.com",
        )
    out.write(f"  organisation: {len(regions)} regions, {User.objects.count()} people")
