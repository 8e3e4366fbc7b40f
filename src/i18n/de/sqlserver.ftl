# sqlserver
