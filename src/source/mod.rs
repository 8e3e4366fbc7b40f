//! Sources: what goes into a snapshot — file trees now, SQL Server backups later.

pub mod sqlserver;
