# --help (cli/help.rs): clap's headings. English help texts are the clap
# definition (src/cli/args.rs) itself; German ones are in de/help.ftl.

help-heading-usage = Usage:
help-heading-options = Options
help-heading-arguments = Arguments
help-heading-commands = Commands
help-value-command = COMMAND
help-default = [default: { $value }]
help-possible-values = [possible values: { $values }]
help-env = [env: { $name }]
help-usage-options = [OPTIONS]
