# sqlserver
# Messages of the SQL Server source (src/source/sqlserver/messages.rs).

sql-invalid-connection-string = The SQL Server connection string is invalid: { $detail }. Correct it in the configuration (e.g. "Data Source=.\MEDATIXX;Integrated Security=True").
sql-connect = SQL Server { $server } cannot be reached ({ $detail }). Is the "SQL Server" service running? Is TCP/IP enabled in SQL Server Configuration Manager (off by default on Express) and the port open in the firewall?
sql-login-timeout = SQL Server { $server } did not complete the login within { $seconds } s. The server is overloaded or the network is failing; retry later or raise the login timeout.
sql-instance-not-found = SQL Server instance { $server } was not found ({ $detail }). Is the "SQL Server Browser" service running (UDP 1434)? Alternatively configure the fixed TCP port ("Server=host,PORT").
sql-tls = The encrypted connection to SQL Server { $server } failed ({ $detail }). For a local instance with a self-signed certificate set "TrustServerCertificate=True".
sql-login-failed = Login to SQL Server { $server } failed for { $who } (error 18456: { $message }). Check user name/password, or grant the account the sysadmin role (or db_backupoperator + dbcreator) in SQL Server.
sql-windows-auth-unavailable = Windows (integrated) authentication is not available on this platform. Configure a SQL login (User ID/Password).
sql-connection-lost = The connection to SQL Server was lost ({ $detail }). The backup will be retried on the next run.
sql-staging-access-denied = The SQL Server service account "{ $account }" may not write to the staging folder { $folder } ({ $message }). Grant that account "Modify" on the folder (Properties → Security).
sql-staging-unreachable = SQL Server cannot open the staging folder { $folder } ({ $message }). Does the folder exist on the SQL Server machine?
sql-staging-full-sizes = {" "}Needs up to { $needed }, free { $available }.
sql-staging-full = The staging folder { $folder } has too little space for the database backup ({ $message }).{ $sizes } Free up space or configure a staging folder on a larger drive.
sql-staging-write-failed = SQL Server could not write the backup file in the staging folder { $folder } ({ $message }). The drive reports an error: check the disk (chkdsk, Event Viewer) or, for a network share, the connection; the backup is retried on the next run.
sql-replace-old-kept = The existing database { $database } is unchanged and open to all users again.
sql-replace-old-single-user = The existing database { $database } is unchanged but still in single-user mode: the practice software cannot use it like this. Run "ALTER DATABASE [{ $database }] SET MULTI_USER WITH ROLLBACK IMMEDIATE" in SQL Server Management Studio.
sql-replace-old-gone = The existing database { $database } had already been overwritten and is no longer usable (state { $state }). Repeat the restore with --force at once, from an older backup if need be.
sql-replace-old-dropped = The existing database { $database } had already been removed. Repeat the restore with --force at once, from an older backup if need be.
sql-replace-old-unknown = The state of the existing database { $database } could not be read afterwards; check in SQL Server Management Studio that it is online and open to all users.
sql-staging-io = The staging folder { $folder } cannot be used: { $reason }.
sql-database-unavailable = Database { $database } is not accessible (error { $code }: { $message }). Is it offline, restoring or damaged? Check in SQL Server Management Studio; the other databases were backed up.
sql-compression-not-supported = This SQL Server edition (e.g. Express) cannot compress backups ({ $message }). Turn the "compression" option off; tresor compresses by itself.
sql-backup-failed = The backup of database { $database } failed (error { $code }: { $message }).
sql-verify-failed = Verifying (RESTORE VERIFYONLY) the backup file { $bak } failed: { $message }. The file is unusable; check the staging drive and repeat the backup.
sql-watchdog-timeout = { $what } ran longer than { $min ->
    [one] 1 minute
   *[other] { $min } minutes
} and was { $cancelled ->
    [yes] cancelled on the server
   *[no] abandoned (cancel not confirmed)
}. Is another backup running at the same time? Otherwise raise the limit (statement_timeout).
sql-filestream-disabled = The backup contains FILESTREAM data but FILESTREAM is not enabled on SQL Server { $server }. Enable FILESTREAM in SQL Server Configuration Manager and run "EXEC sp_configure 'filestream access level', 2; RECONFIGURE".
sql-target-exists = Database { $database } already exists. Restore under another name (--as NAME) or overwrite deliberately (--force).
sql-restore-failed = Restoring database { $database } failed (error { $code }: { $message }).
sql-no-target-folder = No target folder for { $kind } files is known; please give one.
sql-check-db-failed = DBCC CHECKDB reports errors in { $database }: { $errors }. The backup is damaged or the source database already was; contact support now.
sql-not-a-drill-database = { $name } is not dropped: a restore drill only drops databases whose name starts with "{ $prefix }".
sql-server = SQL Server reports error { $code }: { $message }
sql-unexpected-result = Unexpected answer from SQL Server to { $query }: { $detail }
sql-runtime = Internal error starting the SQL Server client: { $reason }
sql-login-failed-windows-account = the Windows account of this task
sql-service-account-unknown = NT SERVICE\MSSQL$<INSTANCE>

## Findings about databases (src/source/sqlserver/warnings.rs)
sql-warning-never = never
sql-warning-log-reuse-wait = { $wait ->
    [LOG_BACKUP] SQL Server is waiting for a log backup before it reuses the log.
    [ACTIVE_TRANSACTION] A long-open transaction holds the log; restart the practice software.
    [ACTIVE_BACKUP_OR_RESTORE] A running backup or restore holds the log.
    [REPLICATION] Replication holds the log.
    [AVAILABILITY_REPLICA] An availability replica holds the log.
    [NOTHING] Nothing holds the log at the moment.
   *[other] SQL Server gives as the reason (log_reuse_wait_desc): { $wait }.
}
sql-warning-log-never-backed-up = Database { $database }: recovery model { $recovery_model }, last log backup: { $last }, log file { $size }. { $why } Without log backups the transaction log grows without bound until the drive is full. Fix: schedule log backups, or – after checking with medatixx – switch to SIMPLE (ALTER DATABASE … SET RECOVERY SIMPLE).
sql-warning-express-limit = Database { $database }: its data files use { $size } of at most { $limit } that SQL Server Express allows per database ({ $percent } %). When the limit is reached the practice software cannot store new data. Talk to medatixx about a larger SQL Server edition or archiving old data.
sql-warning-not-online = Database { $database } is { $state } and is not backed up.

## Restore drill (src/cli/cmd_drill.rs)
sql-drill-leftovers-dropped = { $count ->
    [one] Dropped a scratch database an earlier restore drill left behind: { $names }
   *[other] Dropped { $count } scratch databases earlier restore drills left behind: { $names }
}
sql-replace-old-offline = The existing database { $database } is unchanged and still OFFLINE, as before the attempt.
