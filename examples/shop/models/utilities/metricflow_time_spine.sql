-- One row per day, which the semantic layer joins metrics to.
select
    calendar.day_start::date as date_day

from generate_series(
    '{{ var("start_date") }}'::date,
    '2030-12-31'::date,
    interval '1 day'
) as calendar (day_start)
