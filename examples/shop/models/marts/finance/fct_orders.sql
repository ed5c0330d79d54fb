with orders as (

    select * from {{ ref('int_orders__enriched') }}

),

final as (

    select
        order_id,
        customer_id,
        order_date,
        ordered_at,
        shipped_at,
        status,
        item_count,
        items_subtotal,
        amount_paid,
        amount_refunded,
        amount_paid - amount_refunded as net_revenue,
        status = 'completed' as is_completed

    from orders

)

select * from final
