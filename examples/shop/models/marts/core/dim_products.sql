with products as (

    select * from {{ ref('stg_shop__products') }}

),

order_items as (

    select * from {{ ref('stg_shop__order_items') }}

),

sales as (

    select
        product_id,
        sum(quantity) as units_sold,
        sum(line_total) as gross_sales

    from order_items
    group by 1

),

final as (

    select
        products.product_id,
        products.product_name,
        products.category,
        products.price,
        products.is_active,
        products.created_at,
        coalesce(sales.units_sold, 0) as units_sold,
        coalesce(sales.gross_sales, 0) as gross_sales

    from products
    left join sales
        on products.product_id = sales.product_id

)

select * from final
