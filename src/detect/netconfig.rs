//! .NET XML configuration files (the lx2 server's `Server.Host.config`):
//! the connection strings they hold.
//!
//! .NET keeps them as `<connectionStrings><add name="…" connectionString="…"/>`
//! (<https://learn.microsoft.com/en-us/dotnet/framework/data/adonet/connection-strings-and-configuration-files>);
//! older programs put one into `<appSettings><add key="…" value="…"/>`. Both
//! are read; which of them is a SQL Server connection string the caller decides
//! (it must name a server).

/// One string found: where in the file (`connectionStrings/add[@name='lx2']`)
/// and the value as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub key: String,
    pub value: String,
}

/// The connection-string candidates of an XML configuration file, in file
/// order. `Err` carries the XML parser's reason (with line and column where
/// the parser knows them).
pub fn connection_strings(text: &str) -> Result<Vec<Found>, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for node in doc.descendants().filter(|n| n.has_tag_name("add")) {
        let attr = |name: &str| {
            node.attributes()
                .find(|a| a.name().eq_ignore_ascii_case(name))
                .map(|a| a.value().to_string())
        };
        let parent = node
            .parent_element()
            .map(|p| p.tag_name().name().to_string())
            .unwrap_or_default();
        if let Some(cs) = attr("connectionString") {
            let name = attr("name").unwrap_or_default();
            out.push(Found {
                key: format!("{parent}/add[@name='{name}']"),
                value: cs,
            });
        } else if let (Some(key), Some(value)) = (attr("key"), attr("value")) {
            let lower = value.to_ascii_lowercase();
            if lower.contains("data source=") || lower.contains("server=") {
                out.push(Found {
                    key: format!("{parent}/add[@key='{key}']"),
                    value,
                });
            }
        }
    }
    Ok(out)
}

/// One `<appSettings><add key="…" value="…"/>`: the key's name, where it
/// stands (`appSettings/add[@key='DataPath']`) and the value as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub name: String,
    pub key: String,
    pub value: String,
}

/// Every `appSettings` entry, in file order. `Err`: as [`connection_strings`].
pub fn app_settings(text: &str) -> Result<Vec<Setting>, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    Ok(doc
        .descendants()
        .filter(|n| n.has_tag_name("add"))
        .filter(|n| {
            n.parent_element()
                .is_some_and(|p| p.has_tag_name("appSettings"))
        })
        .filter_map(|n| {
            let attr = |name: &str| {
                n.attributes()
                    .find(|a| a.name().eq_ignore_ascii_case(name))
                    .map(|a| a.value().to_string())
            };
            let name = attr("key")?;
            Some(Setting {
                key: format!("appSettings/add[@key='{name}']"),
                value: attr("value").unwrap_or_default(),
                name,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_strings_and_app_settings() {
        let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <appSettings>
    <add key="Port" value="9000"/>
    <add key="Db" value="Data Source=.\MEDATIXX;Initial Catalog=medatixx_alt"/>
  </appSettings>
  <connectionStrings>
    <add name="lx2" connectionString="Data Source=.\MEDATIXX;Initial Catalog=medatixx_praxis;Integrated Security=True" providerName="System.Data.SqlClient"/>
  </connectionStrings>
</configuration>"#;
        let found = connection_strings(xml).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].key, "appSettings/add[@key='Db']");
        assert_eq!(found[1].key, "connectionStrings/add[@name='lx2']");
        assert!(found[1].value.contains("medatixx_praxis"));
        let settings = app_settings(xml).unwrap();
        assert_eq!(settings.len(), 2);
        assert_eq!(settings[0].name, "Port");
        assert_eq!(settings[0].key, "appSettings/add[@key='Port']");
        assert_eq!(settings[0].value, "9000");
    }

    #[test]
    fn broken_xml_says_where() {
        let e = connection_strings(
            "<configuration>\n<add name='x' connectionString=\"a\">\n</configuration>",
        )
        .unwrap_err();
        assert!(e.contains("3:"), "the line is named: {e}");
    }
}
