-- examples/shop/warehouse/raw.sql: the shop's source data, i.e. what the
-- backend replication would leave in schema `raw` (the `shop` source in
-- models/staging/_sources.yml). A small, deterministic data set written by
-- hand so that every expected result in tests/data/sql/analytic.txt can be
-- worked out on paper. It mirrors the source definitions by hand: update it
-- when a source table or a column the staging models read changes.
--
-- Load it into an empty database, then build.sql (what `dbt build` creates).
-- It is one multi-statement string without psql meta-commands, so it can
-- also be sent with a single `exec`.
--
-- What the data holds (see README.md, "Data for the SQL tests/demo"):
--   * 10 customers in 9 countries of seeds/country_codes.csv (none in MX);
--     customer 9 has no orders; customer 7 moved from US to CA on
--     2023-06-01 (the snapshot keeps the old version); some emails and
--     country codes are not in canonical case (staging normalises them).
--   * 6 products in 3 categories; product 3 is inactive, product 5 has
--     is_active NULL (staging reads it as false) and was never sold.
--   * 17 orders: order 1 (2022-12-20) predates the `start_date` var
--     (2023-01-01) and is left out of the marts; orders 11, 13 and 17 are
--     `placed` and not shipped yet (shipped_at NULL); 4 and 16 are
--     `returned` and refunded in full; 8 is `return_pending`.
--   * 22 order lines and 19 payment attempts: orders 2 and 10 have a failed
--     attempt followed by a successful one; order 17's payment was taken
--     just after midnight, the day after the order.

create schema raw;

create table raw.customers (
    id integer primary key,
    first_name text,
    last_name text,
    email text,
    country_code text,
    created_at timestamp,
    updated_at timestamp,
    _loaded_at timestamp
);

create table raw.products (
    id integer primary key,
    name text,
    category text,
    price_cents integer,
    is_active boolean,
    created_at timestamp,
    _loaded_at timestamp
);

create table raw.orders (
    id integer primary key,
    customer_id integer,
    status text,
    ordered_at timestamp,
    shipped_at timestamp,
    _loaded_at timestamp
);

create table raw.order_items (
    id integer primary key,
    order_id integer,
    product_id integer,
    quantity integer,
    unit_price_cents integer,
    _loaded_at timestamp
);

-- The `payments` source table (identifier: payment_attempts).
create table raw.payment_attempts (
    id integer primary key,
    order_id integer,
    method text,
    status text,
    amount_cents integer,
    created_at timestamp,
    _loaded_at timestamp
);

insert into raw.customers
    (id, first_name, last_name, email, country_code, created_at, updated_at, _loaded_at)
values
    (1, 'Alice', 'Martin', 'alice.martin@example.com', 'US', '2022-11-05 10:00:00', '2022-11-05 10:00:00', '2023-06-02 06:00:00'),
    (2, 'Bob', 'Schmidt', 'Bob.Schmidt@Example.COM', 'de', '2022-12-01 09:30:00', '2022-12-01 09:30:00', '2023-06-02 06:00:00'),
    (3, 'Claire', 'Dubois', 'claire.dubois@example.fr', 'FR', '2023-01-03 14:00:00', '2023-01-03 14:00:00', '2023-06-02 06:00:00'),
    (4, 'David', 'Smith', 'david.smith@example.co.uk', 'GB', '2023-01-10 08:15:00', '2023-01-10 08:15:00', '2023-06-02 06:00:00'),
    (5, 'Emma', 'Jansen', 'emma.jansen@example.nl', 'NL', '2023-01-15 17:45:00', '2023-01-15 17:45:00', '2023-06-02 06:00:00'),
    (6, 'Frank', 'Miller', 'frank.miller@example.com', 'US', '2023-02-01 12:00:00', '2023-02-01 12:00:00', '2023-06-02 06:00:00'),
    (7, 'Grace', 'Lee', 'grace.lee@example.ca', 'ca', '2023-02-10 10:00:00', '2023-06-01 09:00:00', '2023-06-02 06:00:00'),
    (8, 'Hiro', 'Tanaka', 'hiro.tanaka@example.jp', 'JP', '2023-02-20 03:00:00', '2023-02-20 03:00:00', '2023-06-02 06:00:00'),
    (9, 'Isabel', 'Garcia', 'ISABEL.GARCIA@EXAMPLE.ES', 'ES', '2023-03-01 11:00:00', '2023-03-01 11:00:00', '2023-06-02 06:00:00'),
    (10, 'Jack', 'Wilson', 'jack.wilson@example.com.au', 'AU', '2023-03-05 22:10:00', '2023-03-05 22:10:00', '2023-06-02 06:00:00');

insert into raw.products
    (id, name, category, price_cents, is_active, created_at, _loaded_at)
values
    (1, 'Espresso Machine', 'Kitchen', 24900, true, '2022-06-01 09:00:00', '2023-05-15 12:00:00'),
    (2, 'Coffee Grinder', 'Kitchen', 8950, true, '2022-06-01 09:00:00', '2023-05-15 12:00:00'),
    (3, 'Pour-Over Kettle', 'Kitchen', 4500, false, '2022-07-15 09:00:00', '2023-05-15 12:00:00'),
    (4, 'Ceramic Mug', 'Tableware', 1200, true, '2022-06-01 09:00:00', '2023-05-15 12:00:00'),
    (5, 'Travel Tumbler', 'Tableware', 2500, null, '2023-02-01 09:00:00', '2023-05-15 12:00:00'),
    (6, 'Coffee Beans 1kg', 'Pantry', 1800, true, '2022-09-01 09:00:00', '2023-05-15 12:00:00');

insert into raw.orders
    (id, customer_id, status, ordered_at, shipped_at, _loaded_at)
values
    (1, 1, 'completed', '2022-12-20 09:00:00', '2022-12-21 10:00:00', '2023-06-02 06:00:00'),
    (2, 2, 'completed', '2023-01-05 10:15:00', '2023-01-06 08:00:00', '2023-06-02 06:00:00'),
    (3, 1, 'completed', '2023-01-05 14:30:00', '2023-01-07 09:00:00', '2023-06-02 06:00:00'),
    (4, 3, 'returned', '2023-01-12 11:00:00', '2023-01-13 10:00:00', '2023-06-02 06:00:00'),
    (5, 4, 'completed', '2023-01-20 16:45:00', '2023-01-21 09:30:00', '2023-06-02 06:00:00'),
    (6, 5, 'shipped', '2023-02-03 09:30:00', '2023-02-04 11:00:00', '2023-06-02 06:00:00'),
    (7, 1, 'completed', '2023-02-03 12:00:00', '2023-02-05 08:00:00', '2023-06-02 06:00:00'),
    (8, 6, 'return_pending', '2023-02-14 18:20:00', '2023-02-15 09:00:00', '2023-06-02 06:00:00'),
    (9, 2, 'completed', '2023-02-20 08:05:00', '2023-02-21 10:00:00', '2023-06-02 06:00:00'),
    (10, 7, 'shipped', '2023-03-02 13:00:00', '2023-03-03 15:00:00', '2023-06-02 06:00:00'),
    (11, 8, 'placed', '2023-03-10 19:40:00', null, '2023-06-02 06:00:00'),
    (12, 3, 'completed', '2023-03-10 20:00:00', '2023-03-12 09:00:00', '2023-06-02 06:00:00'),
    (13, 10, 'placed', '2023-03-15 07:30:00', null, '2023-06-02 06:00:00'),
    (14, 6, 'completed', '2023-03-18 10:00:00', '2023-03-19 10:00:00', '2023-06-02 06:00:00'),
    (15, 2, 'shipped', '2023-03-25 15:00:00', '2023-03-26 12:00:00', '2023-06-02 06:00:00'),
    (16, 5, 'returned', '2023-03-28 11:11:00', '2023-03-29 09:00:00', '2023-06-02 06:00:00'),
    (17, 4, 'placed', '2023-03-31 23:50:00', null, '2023-06-02 06:00:00');

insert into raw.order_items
    (id, order_id, product_id, quantity, unit_price_cents, _loaded_at)
values
    (1, 1, 4, 2, 1200, '2023-06-02 06:00:00'),
    (2, 2, 1, 1, 22900, '2023-06-02 06:00:00'),
    (3, 2, 6, 2, 1800, '2023-06-02 06:00:00'),
    (4, 3, 2, 1, 8950, '2023-06-02 06:00:00'),
    (5, 3, 4, 2, 1200, '2023-06-02 06:00:00'),
    (6, 4, 3, 1, 4500, '2023-06-02 06:00:00'),
    (7, 5, 6, 3, 1800, '2023-06-02 06:00:00'),
    (8, 6, 4, 4, 1200, '2023-06-02 06:00:00'),
    (9, 6, 6, 1, 1800, '2023-06-02 06:00:00'),
    (10, 7, 1, 1, 24900, '2023-06-02 06:00:00'),
    (11, 8, 2, 1, 8950, '2023-06-02 06:00:00'),
    (12, 9, 6, 2, 1800, '2023-06-02 06:00:00'),
    (13, 10, 4, 1, 1200, '2023-06-02 06:00:00'),
    (14, 10, 3, 1, 4500, '2023-06-02 06:00:00'),
    (15, 11, 1, 1, 24900, '2023-06-02 06:00:00'),
    (16, 12, 6, 5, 1800, '2023-06-02 06:00:00'),
    (17, 13, 2, 1, 8950, '2023-06-02 06:00:00'),
    (18, 13, 6, 1, 1800, '2023-06-02 06:00:00'),
    (19, 14, 4, 3, 1200, '2023-06-02 06:00:00'),
    (20, 15, 2, 1, 8950, '2023-06-02 06:00:00'),
    (21, 16, 1, 1, 24900, '2023-06-02 06:00:00'),
    (22, 17, 6, 1, 1800, '2023-06-02 06:00:00');

insert into raw.payment_attempts
    (id, order_id, method, status, amount_cents, created_at, _loaded_at)
values
    (1, 1, 'credit_card', 'succeeded', 2400, '2022-12-20 09:01:00', '2023-06-02 06:00:00'),
    (2, 2, 'credit_card', 'failed', 26500, '2023-01-05 10:16:00', '2023-06-02 06:00:00'),
    (3, 2, 'credit_card', 'succeeded', 26500, '2023-01-05 10:18:00', '2023-06-02 06:00:00'),
    (4, 3, 'PayPal', 'succeeded', 11350, '2023-01-05 14:31:00', '2023-06-02 06:00:00'),
    (5, 4, 'debit_card', 'refunded', 4500, '2023-01-12 11:01:00', '2023-06-02 06:00:00'),
    (6, 5, 'credit_card', 'succeeded', 5400, '2023-01-20 16:46:00', '2023-06-02 06:00:00'),
    (7, 6, 'bank_transfer', 'succeeded', 6600, '2023-02-03 09:35:00', '2023-06-02 06:00:00'),
    (8, 7, 'gift_card', 'succeeded', 24900, '2023-02-03 12:01:00', '2023-06-02 06:00:00'),
    (9, 8, 'credit_card', 'succeeded', 8950, '2023-02-14 18:21:00', '2023-06-02 06:00:00'),
    (10, 9, 'paypal', 'succeeded', 3600, '2023-02-20 08:06:00', '2023-06-02 06:00:00'),
    (11, 10, 'debit_card', 'failed', 5700, '2023-03-02 13:01:00', '2023-06-02 06:00:00'),
    (12, 10, 'debit_card', 'succeeded', 5700, '2023-03-02 13:03:00', '2023-06-02 06:00:00'),
    (13, 11, 'credit_card', 'succeeded', 24900, '2023-03-10 19:41:00', '2023-06-02 06:00:00'),
    (14, 12, 'paypal', 'succeeded', 9000, '2023-03-10 20:01:00', '2023-06-02 06:00:00'),
    (15, 13, 'credit_card', 'succeeded', 10750, '2023-03-15 07:31:00', '2023-06-02 06:00:00'),
    (16, 14, 'bank_transfer', 'succeeded', 3600, '2023-03-18 10:05:00', '2023-06-02 06:00:00'),
    (17, 15, 'credit_card', 'succeeded', 8950, '2023-03-25 15:01:00', '2023-06-02 06:00:00'),
    (18, 16, 'credit_card', 'refunded', 24900, '2023-03-28 11:12:00', '2023-06-02 06:00:00'),
    (19, 17, 'debit_card', 'succeeded', 1800, '2023-04-01 00:02:00', '2023-06-02 06:00:00');
