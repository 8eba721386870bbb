from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from performance import selectors, services
from performance.models import Competency, CompetencyGroup, LevelStandard, RequiredLevel


def levels(**by_code) -> dict:
    codes = dict(Competency.objects.values_list("code", "pk"))
    return {codes[code]: level for code, level in by_code.items()}


SALES_REP_PROFILE = dict(A=4, B=2, C=4, D=3, E=4, F=3, G=1, H=2, I=1, J=2)


def agreed_assessment(org, person, manager, **overrides):
    assessment = services.assessment_start(person=person, actor=person)
    services.assessment_self_enter(
        assessment=assessment, levels=levels(**SALES_REP_PROFILE), actor=person
    )
    agreed = SALES_REP_PROFILE | overrides
    return services.assessment_manager_enter(
        assessment=assessment,
        manager_levels=levels(**agreed),
        agreed_levels=levels(**agreed),
        actor=manager,
    )


def test_the_model_is_seeded_from_the_source(org):
    assert list(CompetencyGroup.objects.values_list("code", flat=True)) == [
        "judgement",
        "drive",
        "cohesion",
        "inner_drive",
    ]
    assert "".join(Competency.objects.values_list("code", flat=True)) == "ABCDEFGHIJ"
    assert LevelStandard.objects.count() == 50
    a1 = LevelStandard.objects.get(competency__code="A", level=1)
    assert a1.standard.startswith("能有效地利用信息") and a1.standard_en
    profile = dict(
        RequiredLevel.objects.filter(role="region_manager").values_list("competency__code", "level")
    )
    assert profile == dict(A=2, B=2, C=2, D=3, E=2, F=3, G=1, H=1, I=1, J=2)


def test_gaps_from_a_known_assessment(org):
    # B agreed 4 against the required 2, G 3 against 1; A 5 is below 4 by one level.
    assessment = agreed_assessment(org, org.north_rep, org.north_manager, A=5, B=4, G=3, F=1)
    rows = selectors.assessment_rows(assessment=assessment)
    gaps = {r.competency.code: r.gap for r in rows if r.gap}
    assert gaps == {"A": 1, "B": 2, "G": 2}  # F agreed 1 is above the required 3: no gap
    team = selectors.gaps(user=org.north_manager)
    assert {(g.person.username, g.competency.code, g.levels) for g in team} == {
        ("north_rep", "A", 1),
        ("north_rep", "B", 2),
        ("north_rep", "G", 2),
    }
    assert selectors.gaps(user=org.east_manager) == []
    by_competency = {e["competency"].code: e["people"] for e in selectors.gaps_by_competency(team)}
    assert by_competency == {"A": 1, "B": 1, "G": 1}


def test_only_the_latest_agreed_assessment_counts(org):
    agreed_assessment(org, org.north_rep, org.north_manager, B=4)
    agreed_assessment(org, org.north_rep, org.north_manager, B=3)
    assert [(g.competency.code, g.levels) for g in selectors.gaps(user=org.director)] == [("B", 1)]


def test_self_and_manager_refusals(org):
    assessment = services.assessment_start(person=org.north_rep, actor=org.north_rep)
    with pytest.raises(PermissionDenied):
        services.assessment_self_enter(assessment=assessment, levels={}, actor=org.north_rep2)
    with pytest.raises(PermissionDenied):
        services.assessment_manager_enter(
            assessment=assessment, manager_levels={}, agreed_levels={}, actor=org.east_manager
        )
    with pytest.raises(ValidationError):
        services.assessment_self_enter(
            assessment=assessment, levels=levels(A=6), actor=org.north_rep
        )
    assert not assessment.scores.filter(self_level__isnull=False).exists()


def test_agreed_assessment_is_closed(org):
    assessment = agreed_assessment(org, org.north_rep, org.north_manager)
    assert assessment.status == "agreed"
    with pytest.raises(ValidationError):
        services.assessment_self_enter(
            assessment=assessment, levels=levels(A=1), actor=org.north_rep
        )
    assert assessment.scores.get(competency__code="A").self_level == 4


def test_training_suggests_people_with_gaps_in_its_competencies(org):
    agreed_assessment(org, org.north_rep, org.north_manager, B=4)
    agreed_assessment(org, org.north_rep2, org.north_manager, G=2)
    session = services.training_create(
        actor=org.north_manager,
        topic="Customer needs",
        held_on=date(2026, 2, 1),
        trainer="Director",
        competencies=list(Competency.objects.filter(code="B")),
    )
    assert session.region == org.north
    suggested = selectors.training_suggestions(user=org.north_manager, session=session)
    assert [s["person"] for s in suggested] == [org.north_rep]
    assert (
        services.training_invite(
            session=session, people=[org.north_rep, org.east_rep], actor=org.north_manager
        )
        == 1
    )
    assert selectors.training_suggestions(user=org.north_manager, session=session) == []
    services.training_attendance_record(
        session=session, attended_ids=[org.north_rep.pk], actor=org.north_manager
    )
    history = selectors.development_history(user=org.north_rep, person=org.north_rep)
    assert {e["kind"] for e in history} == {"assessment", "training", "role"}
