-- One row per order with its item totals and payment totals.
with orders as (

    select * from {{ ref('stg_shop__orders') }}

),

order_items as (

    select * from {{ ref('stg_shop__order_items') }}

),

payments as (

    select * from {{ ref('stg_shop__payments') }}

),

items_per_order as (

    select
        order_id,
        sum(quantity) as item_count,
        sum(line_total) as items_subtotal

    from order_items
    group by 1

),

payments_per_order as (

    select
        order_id,
        count(*) as payment_attempts,
        sum(case when payment_status in ('succeeded', 'refunded') then amount else 0 end) as amount_paid,
        sum(case when payment_status = 'refunded' then amount else 0 end) as amount_refunded

    from payments
    group by 1

),

joined as (

    select
        orders.order_id,
        orders.customer_id,
        orders.status,
        orders.ordered_at,
        orders.order_date,
        orders.shipped_at,
        coalesce(items_per_order.item_count, 0) as item_count,
        coalesce(items_per_order.items_subtotal, 0) as items_subtotal,
        coalesce(payments_per_order.payment_attempts, 0) as payment_attempts,
        coalesce(payments_per_order.amount_paid, 0) as amount_paid,
        coalesce(payments_per_order.amount_refunded, 0) as amount_refunded

    from orders
    left join items_per_order
        on orders.order_id = items_per_order.order_id
    left join payments_per_order
        on orders.order_id = payments_per_order.order_id
    where orders.order_date >= '{{ var("start_date") }}'

)

select * from joined
