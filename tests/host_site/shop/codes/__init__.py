"""The host's own app labelled "codes" (discount codes), with a Vendor model and a "codes"
URL namespace: the names statuskb must not collide with."""
