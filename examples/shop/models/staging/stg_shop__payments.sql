with source as (

    select * from {{ source('shop', 'payments') }}

),

renamed as (

    select
        id::integer as payment_id,
        order_id::integer as order_id,
        lower(method) as payment_method,
        status as payment_status,
        {{ cents_to_dollars('amount_cents') }} as amount,
        created_at::timestamp as created_at

    from source

)

select * from renamed
