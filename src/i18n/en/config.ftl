# config
# Errors in tresor.yaml and in profiles (src/config/error.rs, error_text.rs).

config-at-position = { $origin }:{ $line }:{ $column }: { $message }
config-in-file = { $origin }: { $message }
config-did-you-mean = {" "}(did you mean `{ $suggestion }`?)
config-section-top = at the top level
config-section = in `{ $section }`
config-or = { $first } or { $last }
config-shape-nothing = empty
config-shape-text = a single value
config-shape-list = a list
config-shape-map = a mapping (`key: value`)
config-io = cannot read the file: { $reason }
config-syntax = YAML syntax error: { $problem }
config-windows-path-in-double-quotes = put Windows paths in single quotes: '{ $written }' instead of "{ $written }". Inside double quotes \ starts an escape (\t becomes a TAB, \D is invalid).
config-alias = YAML anchors and aliases (`&name`, `*name`) are not supported here; write the value out
config-empty = the file is empty; start from tresor.example.yaml
config-unknown-key = unknown key `{ $key }` { $section }{ $did_you_mean }; allowed: { $expected }
config-duplicate-key = `{ $key }` appears twice { $section }; keep one
config-missing-key = `{ $key }` is missing { $section }
config-wrong-type = `{ $field }` must be { $expected }, found { $found }
config-bad-language = `language: { $value }` is not supported; expected de or en
config-not-a-number = `{ $field }: { $value }` is not a whole number; expected e.g. `{ $field }: 7`
config-out-of-range = `{ $field }: { $value }` is out of range; expected { $min } to { $max }
config-not-a-bool = `{ $field }: { $value }` is not a yes/no value; expected true or false
config-bad-path = `{ $field }`: `{ $value }`: { $problem }
config-bad-glob = `{ $field }`: `{ $value }` is not a valid pattern: { $reason }
config-bad-name = the name `{ $value }` { $section } may only contain letters, digits, `-` and `_`
config-bad-choice = `{ $field }: { $value }` is not allowed{ $did_you_mean }; expected { $expected }
config-bad-schedule = `{ $field }: { $value }`: { $problem }; expected `manual` (started by hand) or e.g. `30 22 * * Mon-Fri`
config-bad-destination-type = `{ $field }: { $value }` is not a destination type; expected local, s3
config-region-not-german = `{ $field }: { $region }` is not in Germany. The practice's health data may only go to a German data centre (GDPR, medical confidentiality). German regions of { $provider }: { $german }
config-location-undeclared = `{ $field }`: for a self-hosted server, `located_in_germany: true` must confirm that it stands in Germany (health data, GDPR).
config-s3-field-missing = `{ $field }` is missing.
config-s3-field-missing-one-of = `{ $field }` is missing; expected { $alternatives }
config-s3-field-conflict = `{ $field }` does not fit `{ $other }`: give only one of them, or both together.
config-bad-endpoint = `{ $field }: { $value }` is not an address; expected e.g. https://fsn1.your-objectstorage.com
config-no-destinations = no destination is defined; add e.g. `destinations: {"{"} rdx: {"{"} type: local, path: 'E:\tresor' {"}"} {"}"}`
config-unknown-destination = job `{ $job }`: destination `{ $value }` is not defined{ $did_you_mean }; defined: { $defined }
config-unknown-profile = unknown profile `{ $name }`{ $did_you_mean }; known: { $known } (or a file path ending in .yaml)
config-duplicate-profile = profile `{ $name }` is listed twice
config-profile-file = cannot read profile file `{ $path }`: { $reason }
config-duplicate-source = `{ $first }` and `{ $second }` both back up `{ $snapshot_path }`; remove one
config-bad-recipient = `{ $value }` is not an age public key ({ $reason }); a recovery key looks like `age1…` (from `age-keygen -y` or `tresor init`)
config-retention-keeps-nothing = { $field }: every keep_* is 0, which would delete every snapshot; keep at least one
config-sql-target = sqlserver: give either `connection` (a connection string) or `server` (with optional instance/port/user/password), not { $both ->
    [yes] both
   *[no] neither
}
config-sql-credentials = sqlserver: `user` and `password` go together (leave both out for Windows authentication)

## Paths
config-path-empty = the path is empty
config-path-relative = the path is relative; write it absolute, e.g. `C:\DConcept\DEDATA` or `\\nas\share\dir`
config-path-parent = the path contains `..`; write the directory it means directly
config-path-unc-server = the UNC path has no server name; write `\\server\share\dir`
config-path-unc-share = the UNC path has no share name; write `\\server\share\dir`
config-path-device = device paths (`\\?\…`, `\\.\…`) are not supported; write `C:\…` or `\\server\share`
config-path-drive-letter = `{ $drive }` is not a drive letter; drives are A: to Z:
config-path-bad-character = the name `{ $component }` contains `{ $character }`, which Windows does not allow in file names
config-path-posix-on-windows = `/…` paths only work on Linux; on Windows write `C:\…`
config-unmapped-drive = drive { $letter }: is not mapped on this host; add it to the config, e.g. `drives: {"{"} { $letter }: /srv/praxis/{ $lower } {"}"}`
config-unmapped-unc = share \\{ $server }\{ $share } is not mapped on this host; add it to the config, e.g. `unc: {"{"} '\\{ $server }\{ $share }': /mnt/{ $share } {"}"}`

## Schedule (src/config/schedule.rs)
config-schedule-field-count = needs five fields `MINUTE HOUR * * DAYS`, found { $count }
config-schedule-not-weekly = day of month and month must be `*` (Task Scheduler runs weekly triggers)
config-schedule-numeric-days = write days as names (Mon-Fri, Sat, Sun): in cron, 0 and 7 mean Sunday but 1 means Monday or Sunday depending on the program
config-schedule-not-fixed-time = minute and hour must be numbers or lists of numbers (e.g. `30 22` or `0 12,22`)
config-schedule-minute-range = there is no minute { $value }; allowed are 0 to 59
config-schedule-hour-range = there is no hour { $value }; allowed are 0 to 23
config-schedule-unknown-day = `{ $day }` is not a day of the week{ $did_you_mean }; days are Mon, Tue, Wed, Thu, Fri, Sat, Sun
config-schedule-day-range-wraps = `{ $part }` runs backwards through cron's week (Sunday to Saturday); write the days as a list: `{ $list }`
config-schedule-day-part = `{ $part }` is neither a day nor a range of two days (e.g. Mon-Fri)
config-schedule-invalid = the schedule is not valid

## YAML structure (src/config/yaml.rs)
config-yaml-unclosed-quote = a quote is not closed
config-yaml-tab = TAB characters are not allowed here; indent with spaces
config-yaml-indentation = the indentation is wrong; entries of one level must be indented alike, and `key:` is followed by a space
config-yaml-unclosed-list = a list started with `[` is not closed with `]`, or a comma is missing between its entries
config-yaml-unclosed-map = a mapping started with `{"{"}` is not closed with `{"}"}`, or a comma is missing between its entries
config-yaml-space-after-indicator = `:` and `-` must be followed by a space
config-yaml-comment-space = `#` must follow a space; if `#` belongs to the value, put the value in single quotes
config-yaml-after-quote = there is more text after the closing quote
config-yaml-special-character = a value starts with a special character (`&`, `*`, `!`, `%`, `@`, `|`, `>`); put such values in single quotes
config-yaml-more-than-one-document = more than one YAML document (`---`); keep one
config-yaml-other = the structure of the file is wrong here (often: indentation, a missing space after `:`, an unclosed quote)

## Patterns (globs)
config-glob-unclosed-class = a character class started with `[` is not closed with `]`
config-glob-unclosed-group = an alternative started with `{"{"}` is not closed with `{"}"}`
config-glob-unopened-group = `{"}"}` without a `{"{"}` before it
config-glob-nested-group = alternatives in `{"{"}…{"}"}` must not be nested
config-glob-range = a range in `[…]` is the wrong way round (e.g. `[z-a]`)
config-glob-dangling-backslash = the pattern ends with `\`
config-glob-recursive = `**` must stand alone between two `/`
config-glob-other = the pattern is faulty
config-source-in-destination = source `{ $source }` ({ $source_path }) { $relation ->
    [inside] lies inside destination
   *[contains] contains destination
} `{ $destination }` ({ $destination_path }): the repository would be backed up into itself. Remove the source or put the destination into another folder.
config-mirror-is-destination = job `{ $job }`: `{ $value }` is the job's own destination and cannot be its mirror too (mirrors: lists the other destinations, e.g. nas)

## Bandwidth and time window of a destination (src/config/transfer.rs)
config-bad-transfer = `{ $field }: { $value }`: { $problem }
config-transfer-no-unit = the unit is missing; e.g. `8 MiB/s`, `500 KiB/s` or `10 Mbit/s`
config-transfer-unknown-unit = the unit `{ $unit }` is unknown; allowed are B/s, KiB/s, MiB/s, GiB/s, kB/s, MB/s, GB/s and kbit/s, Mbit/s, Gbit/s
config-transfer-ambiguous-unit = `{ $unit }` is ambiguous (bits or bytes, a factor of 8); write `Mbit/s` for bits or `MB/s` or `MiB/s` for bytes
config-transfer-not-a-number = expected a number with a unit, e.g. `8 MiB/s` or `10 Mbit/s`
config-transfer-zero = the rate must be above 0; for no limit leave the field out
config-transfer-window-format = expected `FROM-TO` in hours and minutes, e.g. `20:00-06:30`
config-transfer-bad-time = there is no time `{ $time }`; allowed are 00:00 to 23:59 (24:00 only as the end)
config-transfer-empty-window = start and end are the same, the window would be empty; for the whole day write `00:00-24:00`
config-transfer-daytime-without-window = `daytime_limit` applies outside the window and therefore needs `window`
config-transfer-daytime-not-lower = `daytime_limit` must be lower than `limit`
config-check-s3-unchecked = connection not checked here (config check works offline); test: tresor snapshots --destination { $name }
config-check-s3-region = { $provider } { $region } (data centre in Germany)
config-check-s3-self-hosted = own server, in Germany according to the configuration
config-check-s3-credentials-standard = credentials from the AWS environment or profile
config-check-s3-credentials-inline = access key { $id } (secret in tresor.yaml)
config-check-s3-credentials-env = access key { $id } (secret from { $var }: { $set ->
        [yes] set
       *[no] NOT set
    })
config-check-s3-no-lock = no retention lock
config-check-s3-lock = retention lock { $mode }, { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
config-endpoint-not-in-region = `{ $field }: { $value }` does not belong to { $provider } { $region }: health data may only go to a data centre in Germany (GDPR), and this address may be elsewhere. Leave `endpoint:` out (the region's documented address is used) or give this region's address; an own server is `provider: self-hosted` with `located_in_germany: true`.
config-rotation = `{ $field }`: { $problem }
config-rotation-unknown-destination = destination `{ $value }` is not defined{ $did_you_mean }; defined: { $defined }
config-rotation-not-local = destination `{ $value }` is not a folder (type: local); the cartridge rotation needs the folder on the RDX drive
config-rotation-unknown-job = job `{ $value }` is not defined{ $did_you_mean }; defined: { $defined }
config-rotation-job-without-cartridge = job `{ $job }` writes to `{ $destination }`, but no cartridge of the plan is its; add a cartridge with `job: { $job }` (plan: custom) or let the job write to another destination
config-rotation-duplicate-cartridge = cartridge `{ $name }` is listed twice; every cartridge needs a name of its own
config-rotation-cartridges-need-custom = `cartridges:` is only for `plan: custom`; `plan: { $plan }` brings its own cartridges
config-rotation-no-cartridges = `plan: custom` needs a list `cartridges:` with at least one cartridge
config-rotation-no-days = cartridge `{ $name }` has no days; expected e.g. `days: [mon]` or `days: [Mo, Mi]`
config-rotation-bad-day = `{ $value }` is not a day of the week{ $did_you_mean }; expected mon … sun or Mo … So
config-rotation-bad-time = `{ $value }` is not a time of day; expected e.g. `'06:00'`
