with customers as (

    select * from {{ ref('stg_shop__customers') }}

),

order_history as (

    select * from {{ ref('int_customers__order_history') }}

),

countries as (

    select * from {{ ref('country_codes') }}

),

final as (

    select
        customers.customer_id,
        customers.first_name,
        customers.last_name,
        customers.email,
        customers.country_code,
        countries.country_name,
        countries.region,
        customers.created_at,
        order_history.first_order_date,
        order_history.most_recent_order_date,
        coalesce(order_history.order_count, 0) as order_count,
        coalesce(order_history.lifetime_paid, 0)
            - coalesce(order_history.lifetime_refunded, 0) as customer_lifetime_value,
        coalesce(order_history.order_count, 0) > 1 as is_repeat_customer

    from customers
    left join order_history
        on customers.customer_id = order_history.customer_id
    left join countries
        on customers.country_code = countries.country_code

)

select * from final
