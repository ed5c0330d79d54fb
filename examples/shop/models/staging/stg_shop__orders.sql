with source as (

    select * from {{ source('shop', 'orders') }}

),

renamed as (

    select
        id::integer as order_id,
        customer_id::integer as customer_id,
        status,
        ordered_at::timestamp as ordered_at,
        ordered_at::date as order_date,
        shipped_at::timestamp as shipped_at

    from source

)

select * from renamed
