with payments as (

    select * from {{ ref('stg_shop__payments') }}

),

payment_methods as (

    select * from {{ ref('payment_methods') }}

),

final as (

    select
        payments.payment_id,
        payments.order_id,
        payments.payment_method,
        payment_methods.display_name as payment_method_name,
        coalesce(payment_methods.is_card, false) as is_card,
        payments.payment_status,
        payments.amount,
        round(payments.amount * coalesce(payment_methods.processing_fee_pct, 0) / 100, 2) as processing_fee,
        payments.created_at,
        payments.created_at::date as payment_date

    from payments
    left join payment_methods
        on payments.payment_method = payment_methods.payment_method

)

select * from final
