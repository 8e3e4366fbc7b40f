//! Sources: what goes into a snapshot — file trees and native SQL Server backups.

pub mod files;
pub mod sqlserver;
