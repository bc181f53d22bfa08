// The metadata of the transaction that runs this statement, as `SHOW TRANSACTIONS` lists it.
SHOW TRANSACTIONS YIELD metaData, currentQuery
WHERE currentQuery CONTAINS 'show-own-transaction'
RETURN metaData
