with source as (

    select * from {{ source('shop', 'customers') }}

),

renamed as (

    select
        id::integer as customer_id,
        first_name,
        last_name,
        lower(email) as email,
        upper(country_code)::char(2) as country_code,
        created_at::timestamp as created_at,
        updated_at::timestamp as updated_at

    from source

)

select * from renamed
