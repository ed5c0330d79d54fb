-- Every order that was paid for must have a positive subtotal and must not
-- have been refunded more than was paid. Returns the offending orders.
select
    order_id,
    items_subtotal,
    amount_paid,
    amount_refunded

from {{ ref('fct_orders') }}
where amount_paid > 0
  and (items_subtotal <= 0 or amount_refunded > amount_paid)
