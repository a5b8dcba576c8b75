"""Results of one survey with 100,000 responses x 15 questions on PostgreSQL.

Measures ``disclosure.survey_results`` (the counts from the database and their rounding; the results
page, the exports and the report blocks use it) against a baseline measured in the same run: a plain
``SELECT count(*)`` over the answers table. Also counts queries, to show that they do not grow with
the number of responses.

    python bench/eraati_results.py [--responses 100000] [--runs 5]
"""

import argparse
import statistics
import time

from eraati_common import setup_django

QUESTIONS = [  # 15 questions: every answered type (free text leaves its value empty)
    *[("agree", f"agree-{i}", "") for i in range(5)],
    *[("scale", f"scale-{i}", "") for i in range(2)],
    *[("single", f"single-{i}", "a\nb\nc\nd") for i in range(2)],
    ("multiple", "multiple-0", "a\nb\nc\nd\ne"),
    ("rating", "rating-0", ""),
    ("text", "text-0", ""),
    *[("background", f"background-{i}", "x\ny\nz") for i in range(3)],
]


def value_sql(question) -> str:
    """SQL that picks one of the question's values at random for each row (NULL for free text)."""
    if question.type.free_text:
        return "NULL"
    values = list(question.value_labels())
    return f"(ARRAY[{', '.join(map(str, values))}])[1 + floor(random() * {len(values)})::int]"


def build(responses: int):
    import datetime

    from django.db import connection, transaction
    from django.utils import timezone

    from eraati.models import Question, Survey

    slug = f"bench-{responses}"
    survey = Survey.objects.filter(slug=slug).first()
    if survey is not None and survey.responses.count() == responses:
        return survey
    Survey.objects.filter(slug=slug).delete()
    now = timezone.now()
    with transaction.atomic():
        survey = Survey.objects.create(
            title=slug,
            slug=slug,
            opens_at=now - datetime.timedelta(days=40),
            closes_at=now - datetime.timedelta(days=1),
        )
        for order, (kind, key, options) in enumerate(QUESTIONS):
            Question.objects.create(
                survey=survey, sort_order=order, key=key, kind=kind, text=key, options=options
            )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO eraati_response (id, survey_id, submitted_on, record_key) "
            "SELECT gen_random_uuid(), %s, current_date, floor(random() * 2147483648)::bigint "
            "FROM generate_series(1, %s)",
            [survey.pk, responses],
        )
        for question in survey.questions.all():
            rows = "1" if question.type.exclusive else "1 + floor(random() * 2)::int"
            cursor.execute(
                f"""INSERT INTO eraati_answer (response_id, question_id, value, text, record_key)
                SELECT r.id, %s, {value_sql(question)}, CASE WHEN %s THEN 'vapaa teksti' ELSE '' END,
                    r.record_key
                FROM eraati_response r
                CROSS JOIN LATERAL generate_series(1, {rows}) AS pick
                WHERE r.survey_id = %s
                ON CONFLICT DO NOTHING""",  # noqa: S608 (constants of this script); two equal picks are one row
                [question.pk, question.type.free_text, survey.pk],
            )
        cursor.execute("VACUUM ANALYZE eraati_response")
        cursor.execute("VACUUM ANALYZE eraati_answer")
    return survey


def timed(function, runs):
    function()  # warm the caches once
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), min(samples), max(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from eraati import disclosure
    from eraati.models import Answer

    start = time.perf_counter()
    survey = build(args.responses)
    print(
        f"data ready in {time.perf_counter() - start:.1f} s: {args.responses} responses, "
        f"{Answer.objects.filter(question__survey=survey).count()} answer rows, 15 questions"
    )

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM eraati_answer")
            cursor.fetchone()

    def results():
        disclosure.survey_results(survey)

    check = timed(lambda: disclosure._PublishedTables(survey).settle(), 1)
    print(
        f"publication check, once per set of responses (cached): {check[0] * 1000:.0f} ms, "
        f"outcome {disclosure.publication_check(survey)}"
    )
    with CaptureQueriesContext(connection) as queries:
        results()
    base = timed(baseline, args.runs)
    full = timed(results, args.runs)
    print(
        f"baseline SELECT count(*) over answers: median {base[0] * 1000:.0f} ms (min {base[1] * 1000:.0f}, max {base[2] * 1000:.0f})"
    )
    print(
        f"disclosure.survey_results: median {full[0] * 1000:.0f} ms (min {full[1] * 1000:.0f}, max {full[2] * 1000:.0f}), {len(queries)} queries"
    )
    print(f"ratio results / baseline: {full[0] / base[0]:.2f}")
    results_now = disclosure.survey_results(survey)
    by = next(question for question in survey.questions.all() if question.type.groups_results)
    split = timed(lambda: disclosure.breakdowns(results_now, by), max(1, args.runs // 2))
    print(
        f"disclosure.breakdowns (every question by one background question, ?by=): median "
        f"{split[0] * 1000:.0f} ms (min {split[1] * 1000:.0f}, max {split[2] * 1000:.0f})"
    )


if __name__ == "__main__":
    main()
