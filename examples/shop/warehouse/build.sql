-- examples/shop/warehouse/build.sql: what `dbt build` of examples/shop
-- creates, compiled by hand: schema `analytics` (the profile's schema) with
-- the two seeds, the staging views and the mart and utility tables, and
-- schema `snapshots` with customers_snapshot. It mirrors the models by hand,
-- so update it when a model, seed or the snapshot changes. Compilation
-- rules used:
--   {{ ref('x') }}                -> analytics.x
--   {{ source('shop', 't') }}     -> raw.<the table's identifier>
--   {{ cents_to_dollars(c) }}     -> round((c / 100.0)::numeric, 2)
--   var('start_date')             -> '2023-01-01'
--   var('revenue_statuses')       -> 'shipped', 'completed', 'return_pending', 'returned'
--   ephemeral models (intermediate/) are not relations: they are inlined as
--   CTEs named __dbt__cte__<model>, as dbt does;
--   fct_revenue_daily (incremental) takes its first-run branch.
--
-- Run it after raw.sql on an empty database, as a role that owns the
-- database (no superuser needed). It is one multi-statement string without
-- psql meta-commands, so it can be sent with a single `exec`.

create schema analytics;

-- Seeds (seeds/*.csv, column types from seeds/_seeds.yml).

create table analytics.country_codes (
    country_code char(2),
    country_name text,
    region text,
    is_eu boolean
);

insert into analytics.country_codes (country_code, country_name, region, is_eu) values
    ('US', 'United States', 'North America', false),
    ('CA', 'Canada', 'North America', false),
    ('MX', 'Mexico', 'North America', false),
    ('GB', 'United Kingdom', 'Europe', false),
    ('DE', 'Germany', 'Europe', true),
    ('FR', 'France', 'Europe', true),
    ('NL', 'Netherlands', 'Europe', true),
    ('ES', 'Spain', 'Europe', true),
    ('AU', 'Australia', 'Oceania', false),
    ('JP', 'Japan', 'Asia', false);

create table analytics.payment_methods (
    payment_method text,
    display_name text,
    is_card boolean,
    processing_fee_pct numeric(5, 2)
);

insert into analytics.payment_methods (payment_method, display_name, is_card, processing_fee_pct) values
    ('credit_card', 'Credit card', true, 2.9),
    ('debit_card', 'Debit card', true, 1.5),
    ('paypal', 'PayPal', false, 3.4),
    ('bank_transfer', 'Bank transfer', false, 0.0),
    ('gift_card', 'Gift card', false, 0.0);

-- Staging (views).

create view analytics.stg_shop__customers as (
    with source as (

        select * from raw.customers

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
);

create view analytics.stg_shop__order_items as (
    with source as (

        select * from raw.order_items

    ),

    renamed as (

        select
            id::integer as order_item_id,
            order_id::integer as order_id,
            product_id::integer as product_id,
            quantity::integer as quantity,
            round((unit_price_cents / 100.0)::numeric, 2) as unit_price,
            round((quantity * unit_price_cents / 100.0)::numeric, 2) as line_total

        from source

    )

    select * from renamed
);

create view analytics.stg_shop__orders as (
    with source as (

        select * from raw.orders

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
);

create view analytics.stg_shop__payments as (
    with source as (

        select * from raw.payment_attempts

    ),

    renamed as (

        select
            id::integer as payment_id,
            order_id::integer as order_id,
            lower(method) as payment_method,
            status as payment_status,
            round((amount_cents / 100.0)::numeric, 2) as amount,
            created_at::timestamp as created_at

        from source

    )

    select * from renamed
);

create view analytics.stg_shop__products as (
    with source as (

        select * from raw.products

    ),

    renamed as (

        select
            id::integer as product_id,
            name as product_name,
            lower(category) as category,
            round((price_cents / 100.0)::numeric, 2) as price,
            coalesce(is_active, false) as is_active,
            created_at::timestamp as created_at

        from source

    )

    select * from renamed
);

-- Core marts (tables). dim_customers reads the ephemeral
-- int_customers__order_history, which reads the ephemeral
-- int_orders__enriched: both are inlined.

create table analytics.dim_customers as (
    with __dbt__cte__int_orders__enriched as (
        with orders as (

            select * from analytics.stg_shop__orders

        ),

        order_items as (

            select * from analytics.stg_shop__order_items

        ),

        payments as (

            select * from analytics.stg_shop__payments

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
            where orders.order_date >= '2023-01-01'

        )

        select * from joined
    ),

    __dbt__cte__int_customers__order_history as (
        with orders as (

            select * from __dbt__cte__int_orders__enriched

        ),

        history as (

            select
                customer_id,
                min(order_date) as first_order_date,
                max(order_date) as most_recent_order_date,
                count(*) as order_count,
                sum(amount_paid) as lifetime_paid,
                sum(amount_refunded) as lifetime_refunded

            from orders
            group by 1

        )

        select * from history
    ),

    customers as (

        select * from analytics.stg_shop__customers

    ),

    order_history as (

        select * from __dbt__cte__int_customers__order_history

    ),

    countries as (

        select * from analytics.country_codes

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
);

create table analytics.dim_products as (
    with products as (

        select * from analytics.stg_shop__products

    ),

    order_items as (

        select * from analytics.stg_shop__order_items

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
);

-- Finance marts (tables). fct_orders inlines the ephemeral
-- int_orders__enriched.

create table analytics.fct_orders as (
    with __dbt__cte__int_orders__enriched as (
        with orders as (

            select * from analytics.stg_shop__orders

        ),

        order_items as (

            select * from analytics.stg_shop__order_items

        ),

        payments as (

            select * from analytics.stg_shop__payments

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
            where orders.order_date >= '2023-01-01'

        )

        select * from joined
    ),

    orders as (

        select * from __dbt__cte__int_orders__enriched

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
);

create table analytics.fct_payments as (
    with payments as (

        select * from analytics.stg_shop__payments

    ),

    payment_methods as (

        select * from analytics.payment_methods

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
);

-- Incremental model, first run (is_incremental() is false): a plain table.
create table analytics.fct_revenue_daily as (
    with orders as (

        select * from analytics.fct_orders
        where status in (
            'shipped',
            'completed',
            'return_pending',
            'returned'
        )

    ),

    daily as (

        select
            order_date as revenue_date,
            count(*) as order_count,
            sum(amount_paid) as gross_revenue,
            sum(amount_refunded) as refunds,
            sum(net_revenue) as net_revenue

        from orders
        group by 1

    )

    select * from daily
);

-- Utilities (tables). Deviation: the model's calendar runs to 2030-12-31;
-- this one stops at 2023-12-31 (365 rows) to keep the test database small.
create table analytics.metricflow_time_spine as (
    select
        calendar.day_start::date as date_day

    from generate_series(
        '2023-01-01'::date,
        '2023-12-31'::date,
        interval '1 day'
    ) as calendar (day_start)
);

-- Snapshot (timestamp strategy on updated_at, unique_key id, target_schema
-- snapshots): the raw customers plus dbt's columns, as after two snapshot
-- runs, one before and one after customer 7 moved from US to CA on
-- 2023-06-01 (the raw row was overwritten in place). dbt_scd_id is dbt's
-- md5 of unique key and updated_at.
create schema snapshots;

create table snapshots.customers_snapshot as (
    with versions as (

        select
            id, first_name, last_name, email, country_code,
            created_at, updated_at, _loaded_at,
            null::timestamp as replaced_at
        from raw.customers

        union all

        -- customer 7's profile before the move, as the first run saw it
        select
            id, first_name, last_name, email, 'US' as country_code,
            created_at, created_at as updated_at,
            '2023-03-01 06:00:00'::timestamp as _loaded_at,
            updated_at as replaced_at
        from raw.customers
        where id = 7

    )

    select
        id, first_name, last_name, email, country_code,
        created_at, updated_at, _loaded_at,
        md5(coalesce(cast(id as varchar), '') || '|' || coalesce(cast(updated_at as varchar), '')) as dbt_scd_id,
        updated_at as dbt_updated_at,
        updated_at as dbt_valid_from,
        replaced_at as dbt_valid_to
    from versions
);
