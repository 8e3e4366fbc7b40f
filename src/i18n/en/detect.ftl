# tresor detect: what is installed, what stays open, and the comments of the
# starter tresor.yaml (src/detect, src/cli/cmd_detect.rs).

## Screen

detect-root = Drives: { $root }
detect-found-heading = Found:
detect-product = { $title } (profile { $profile }) – { $evidence }
detect-path = { $path }: { $state ->
    [yes] present
    [optional] missing (optional)
   *[no] MISSING
}
detect-source = Further folder for sources: { $path } – from { $source }
detect-sql = SQL Server { $server }{ $database ->
    [none] {""}
   *[other] , database { $database }
} – from { $source }
detect-fact = { $name } = { $value } – from { $source }
detect-sql-connecting = Connecting to SQL Server { $server } …
detect-server-databases = Databases on the SQL Server: { $databases }
detect-server-no-databases = The SQL Server has no user databases.
detect-undecided-heading = Not decided – please check:
detect-written = Starter configuration written: { $path }
detect-next = Next: fill in the practice name, destinations, rotation and mail in { $path }, then `tresor config check` and `tresor init`.
detect-nothing-found = No medatixx product found below { $root } (x.concept, x.comfort, x.isynet/x.vianova, medatixx, x.archiv). Nothing was written.
detect-nothing-found-hint = Is the drive root right? With --root DIR the drives are DIR/C, DIR/D … below it.
detect-output-exists = { $path } exists already; detect does not overwrite a configuration. Nothing was written.
detect-output-exists-hint = --force replaces the file (the old one is kept beside it), --output FILE writes elsewhere.
detect-root-required = On this system detect needs the drive root: --root DIR (holding C, D … like the server's drives).
detect-root-not-a-folder = The drive root { $root } is not a folder.
detect-kept-old = The previous { $path } is kept beside it as { $backup } (readable by its owner only: it may hold the SQL password).
detect-write-failed = { $path } could not be written: { $reason }
detect-sql-no-connection = --sql: neither the files nor the command line name a SQL Server.

## What stays open

detect-undecided-path-missing = { $product }: { $path } is missing. Is the data elsewhere? Otherwise the backup reports this folder as missing.
detect-undecided-data-drive = Product folders lie on several drives ({ $drives }); data_drive is { $chosen }. Add the folders on the other drives as sources.
detect-undecided-on-share = { $product }: { $path } lies on a network share (from { $source }). The share must be reachable for every backup; better back it up on the machine that serves it.
detect-undecided-hint-missing = { $path } (from { $source }) does not exist; added as an optional source.
detect-undecided-file-unreadable = { $file } cannot be read: { $reason }
detect-undecided-source-in-destination = { $source } names { $path }; it is, holds or lies inside the destination rdx ({ $destination }), so it is not written as a source – the repository would be backed up into itself. Put the destination into another folder or back that data up otherwise.
detect-undecided-not-a-path = { $source } names no folder tresor can back up: "{ $value }" – { $reason ->
    [empty] the value is empty. If this data lives elsewhere, add the folder to sources.
    [relative] the path is relative (no drive or share); it depends on the program's working folder. Add the full folder to sources.
    [parent] the path contains "..". Add the folder it means to sources directly.
    [no_drive] the path names no drive. Add the folder with its drive (e.g. C:\…) to sources.
    [drive_root] this is a whole drive. Add the folders with the practice's data on it to sources.
    [environment] the path contains an environment variable (%…%) whose value depends on the user account. Add the folder it means to sources.
    [quote] a quotation mark is not closed. Check the product's file and the folder it means.
    [share_incomplete] the share path names no server or no share (\\server\share\…).
    [control] the value contains a control character (line break, carriage return, tab or the like). Check the product's file; add the folder it means to sources.
    [device] device paths (\\?\…, \\.\…) are not supported. Write the folder as C:\… or \\server\share.
   *[not_a_path] this is not a Windows path.
}
detect-undecided-connection-control = The connection string in { $source } contains a control character (line break, carriage return or the like) and is not written. Check the product's file and fill in sqlserver: by hand.
detect-undecided-connection-unusable = The connection string in { $source } cannot be used: { $reason }
detect-undecided-sql-ambiguous = The files name several SQL Servers ({ $servers }); the configuration uses { $chosen }. Which one holds the practice databases?
detect-undecided-sql-missing = No file names a SQL Server, but { $databases } must be backed up. Add the sqlserver: section or run detect again with --sql CONNECTION.
detect-undecided-sql-unreachable = SQL Server { $server } not reached: { $reason } The databases named in the files are written anyway.
detect-undecided-database-uncovered = No product found covers the database { $name } (x.impfen, x.qm or another program?). If it is to be backed up, add a profile of your own that names it.
detect-undecided-database-other-product = The database { $name } belongs to the profile { $product }, whose folders were not found. Add that profile if the product runs here.
detect-undecided-database-missing = { $product } needs the database { $name }; the SQL Server does not have it. Right server and instance?

## Comments in the starter tresor.yaml

detect-yaml-head = tresor.yaml – starter written by `tresor detect` ({ $date }). Please check every line.
detect-yaml-todo = Still to fill in: practice name, destinations (RDX, NAS, S3), cartridge rotation, mail. Then `tresor config check`, then `tresor init` (machine key and recovery key). Examples: tresor.example.yaml.
detect-yaml-practice = The practice's name as mails and reports show it.
detect-yaml-practice-value = Practice (fill in the name)
detect-yaml-drives = Only on Linux (tests, a rebuilt tree): where the drives and shares are. Ignored on Windows.
detect-yaml-found = Found: { $product } – { $evidence }
detect-yaml-keys = `tresor init` creates the machine key, prints the recovery key (for the emergency folder) and writes its public part here under recovery:.
detect-yaml-destinations = Destinations: check the RDX drive's letter; NAS (\\server\share) and S3 in Germany: see tresor.example.yaml.
detect-yaml-sources = Folders the products' files name that no profile covers:
detect-yaml-source-from = from { $source }
detect-yaml-sql-none = No file names a SQL Server. If a profile needs databases, add:
detect-yaml-sql-from = SQL Server as named in { $source }
detect-yaml-sql-given = SQL Server from the command line (--sql)
detect-yaml-sql-staging = SQL Server writes its backup files here: its service account needs write access.
detect-yaml-sql-trust = A local instance with a self-signed certificate; set false for a server with a valid certificate.
detect-yaml-sql-other = Also named: { $connection } (from { $source })
detect-yaml-sql-databases-files = Databases named in the files: { $databases }
detect-yaml-sql-databases-server = Databases on the server: { $databases }
detect-yaml-jobs = Without jobs: nightly runs Mon–Fri at 22:30 and feierabend by hand, both to the first destination.
detect-yaml-rotation = Cartridge rotation (rotation:) and a mail after every backup (mail:): see tresor.example.yaml; then `tresor media label` and `tresor mail test`.
detect-yaml-undecided = Not decided (please check):
