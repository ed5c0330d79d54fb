with source as (

    select * from {{ source('shop', 'products') }}

),

renamed as (

    select
        id::integer as product_id,
        name as product_name,
        lower(category) as category,
        {{ cents_to_dollars('price_cents') }} as price,
        coalesce(is_active, false) as is_active,
        created_at::timestamp as created_at

    from source

)

select * from renamed
