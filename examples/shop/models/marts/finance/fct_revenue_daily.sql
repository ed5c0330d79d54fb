{{
    config(
        materialized='incremental',
        unique_key='revenue_date',
        on_schema_change='append_new_columns'
    )
}}

-- Revenue per order day. Refunds land on the original order day (see the
-- refund_policy docs block), so each incremental run reprocesses 30 days.
with orders as (

    select * from {{ ref('fct_orders') }}
    where status in (
        {%- for status in var('revenue_statuses') %}
        '{{ status }}'{% if not loop.last %},{% endif %}
        {%- endfor %}
    )
    {% if is_incremental() %}
    and order_date >= (select max(revenue_date) - 30 from {{ this }})
    {% endif %}

),

daily as (

    select
        order_date as revenue_date,
        count(*) as order_count,
        sum(amount_paid) as gross_revenue,
        sum(amount_refunded) as refunds,
        sum(net_revenue) as net_revenue

    from orders
    group by 1

)

select * from daily
