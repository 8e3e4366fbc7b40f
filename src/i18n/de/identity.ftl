# identity
