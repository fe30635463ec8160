"""``jalon demo``: a complete, realistic sample assessment to try everything with."""

from __future__ import annotations

from jalon.core import assessment as am
from jalon.core.framework import Framework
from jalon.core.jurisdiction import Jurisdiction
from jalon.services import demo_content as content
from jalon.services.app import Jalon, now


def demo_framework(app: Jalon) -> Framework:
    """The newest framework version the sample content covers: it was written for version
    1.0, and a newer version installed since may have themes it does not know."""
    covered = [
        f
        for f in app.frameworks.all()
        if all(t.id in content.DEMO_RESPONSES for t in f.themes)
        and all(q.id in content.DEMO_ANSWERS for q in f.questions)
    ]
    if not covered:
        return app.framework
    return max(covered, key=lambda f: tuple(int(p) for p in f.version.split(".")))


def build_demo(app: Jalon, jurisdiction: Jurisdiction, lang: str) -> am.Assessment:
    """Every theme scored, every question answered, four participants; texts in ``lang``."""
    fw = demo_framework(app)
    at = now()
    a = am.create(fw, jurisdiction, content.DEMO_TITLE[lang], now=at)
    for theme in fw.themes:
        r = content.DEMO_RESPONSES[theme.id]
        a = am.with_response(
            a,
            fw,
            theme.id,
            now=at,
            current=r["current"],
            target=r["target"],
            priority=r["priority"],
            role=r["role"],
            capacity=r["capacity"],
            comment=r["comment"][lang],
            evidence=r["evidence"][lang],
        )
    for question in fw.questions:
        a = am.with_answer(a, fw, question.id, content.DEMO_ANSWERS[question.id][lang], at)
    people = [
        am.Participant(p["name"], p["title"][lang], p["organization"][lang])
        for p in content.DEMO_PARTICIPANTS
    ]
    return am.with_participants(a, people, at)


def create_demo(app: Jalon, jurisdiction: Jurisdiction, lang: str) -> am.Assessment:
    """The sample, stored; for the installation's own jurisdiction when it has an identity
    (see :func:`jalon.services.assessments.check_jurisdiction`)."""
    from jalon.services.assessments import check_jurisdiction, checked

    check_jurisdiction(app, jurisdiction)
    a = checked(app, build_demo(app, jurisdiction, lang))
    with app.writing() as uow:
        uow.assessments.add(a, actor=app.actor, action="demo")
    return a
