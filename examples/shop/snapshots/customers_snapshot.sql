{% snapshot customers_snapshot %}

{{
    config(
        target_schema='snapshots',
        unique_key='id',
        strategy='timestamp',
        updated_at='updated_at'
    )
}}

-- Keeps the history of customer profile changes (e.g. a change of country),
-- which the backend overwrites in place.
select * from {{ source('shop', 'customers') }}

{% endsnapshot %}
