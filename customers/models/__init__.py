"""The customers app's models, one module per sub-process (SPEC §6); every public name is
re-exported here, so `from customers.models import X` is the import to use everywhere.
`archive` holds the customer archive — Customer with its guardian permission model, Contact,
Platform and CustomerFile — plus the choices every sub-process shares (CustomerType,
EmissionStandard, CustomerClass, PlatformKind) and the name normalisers `search_key` and
`platform_name_key`; `projects` the development projects and their stage-gate
(DevelopmentProject with its guardian permission model, Stage, ProjectStatus, ProjectStage);
`visits` the visit reports (Visit, VisitAttachment, VisitFrequency); `classification` the
2×2 classification (Axis, ClassificationCriterion, CustomerScore, CriterionScore, and the
grid's pre-counted ScoreCell with its GRID_CELL); `plans` the
key-account plans (KeyAccountPlan, PlanAction, ActionStatus); `surveys` the customer surveys
(SurveyQuestion, Survey, SurveyAnswer). Customer, DevelopmentProject and Visit are the anchors
other apps link to (pricing quotes, budget lines and expense claims): their names and fields are
a contract. All models keep the app label `customers`, their tables and their migrations.
"""

from .archive import (
    KEY_ACCOUNT_CLASSES,
    Contact,
    ContactRole,
    Customer,
    CustomerClass,
    CustomerFile,
    CustomerType,
    CustomerUserObjectPermission,
    EmissionStandard,
    Platform,
    PlatformKind,
    platform_name_key,
    search_key,
)
from .classification import (
    GRID_CELL,
    Axis,
    ClassificationCriterion,
    CriterionScore,
    CustomerScore,
    ScoreCell,
)
from .plans import MONEY, ActionStatus, KeyAccountPlan, PlanAction
from .projects import (
    STAGE_ORDER,
    DevelopmentProject,
    DevelopmentProjectUserObjectPermission,
    ProjectStage,
    ProjectStatus,
    Stage,
)
from .surveys import Survey, SurveyAnswer, SurveyQuestion
from .visits import Visit, VisitAttachment, VisitFrequency

__all__ = [
    "GRID_CELL",
    "KEY_ACCOUNT_CLASSES",
    "MONEY",
    "STAGE_ORDER",
    "ActionStatus",
    "Axis",
    "ClassificationCriterion",
    "Contact",
    "ContactRole",
    "CriterionScore",
    "Customer",
    "CustomerClass",
    "CustomerFile",
    "CustomerScore",
    "CustomerType",
    "CustomerUserObjectPermission",
    "DevelopmentProject",
    "DevelopmentProjectUserObjectPermission",
    "EmissionStandard",
    "KeyAccountPlan",
    "PlanAction",
    "Platform",
    "PlatformKind",
    "ProjectStage",
    "ProjectStatus",
    "ScoreCell",
    "Stage",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "Visit",
    "VisitAttachment",
    "VisitFrequency",
    "platform_name_key",
    "search_key",
]
