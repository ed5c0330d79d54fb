-- One row per customer who has ordered at least once.
with orders as (

    select * from {{ ref('int_orders__enriched') }}

),

history as (

    select
        customer_id,
        min(order_date) as first_order_date,
        max(order_date) as most_recent_order_date,
        count(*) as order_count,
        sum(amount_paid) as lifetime_paid,
        sum(amount_refunded) as lifetime_refunded

    from orders
    group by 1

)

select * from history
