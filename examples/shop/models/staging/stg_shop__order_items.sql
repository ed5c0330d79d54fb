with source as (

    select * from {{ source('shop', 'order_items') }}

),

renamed as (

    select
        id::integer as order_item_id,
        order_id::integer as order_id,
        product_id::integer as product_id,
        quantity::integer as quantity,
        {{ cents_to_dollars('unit_price_cents') }} as unit_price,
        {{ cents_to_dollars('quantity * unit_price_cents') }} as line_total

    from source

)

select * from renamed
