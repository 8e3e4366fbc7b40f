# outcome
