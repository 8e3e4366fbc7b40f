//! Connection strings as found in medatixx's ServiceProvider.ini, vendor
//! documentation and admins' hands.

use secrecy::ExposeSecret;
use std::time::Duration;
use tresor::source::sqlserver::{
    parse_connection_string, parse_server, Auth, Encryption, ServerAddress, SqlError,
};

fn host(h: &str, port: u16) -> ServerAddress {
    ServerAddress::Host {
        host: h.into(),
        port,
    }
}

fn named(h: &str, i: &str) -> ServerAddress {
    ServerAddress::Named {
        host: h.into(),
        instance: i.into(),
    }
}

#[test]
fn local_named_instance_with_integrated_security() {
    let p = parse_connection_string(
        r"Data Source=.\MEDATIXX;Initial Catalog=medatixx;Integrated Security=True",
    )
    .expect("parses");
    assert_eq!(p.server, named("localhost", "MEDATIXX"));
    assert_eq!(p.database.as_deref(), Some("medatixx"));
    assert!(matches!(p.auth, Auth::Windows));
    assert_eq!(p.encryption, None);
}

#[test]
fn tcp_host_port_with_sql_login_and_trust() {
    let p = parse_connection_string(
        "Server=tcp:praxis-srv,1433;User ID=tresor;Password=g3h;eim;TrustServerCertificate=True",
    )
    .expect_err("unquoted ; in a password ends the value");
    assert!(matches!(p, SqlError::InvalidConnectionString { .. }));
    let p = parse_connection_string("Server=tcp:praxis-srv,1433;User ID=tresor;Password='g3h;eim''s';TrustServerCertificate=True")
        .expect("parses");
    assert_eq!(p.server, host("praxis-srv", 1433));
    match &p.auth {
        Auth::Sql { user, password } => {
            assert_eq!(user, "tresor");
            assert_eq!(password.expose_secret(), "g3h;eim's");
        }
        Auth::Windows => panic!("expected SQL login"),
    }
    assert_eq!(p.trust_server_certificate, Some(true));
}

#[test]
fn many_real_world_forms() {
    let cases: &[(&str, ServerAddress)] = &[
        (
            r"Provider=SQLOLEDB.1;Integrated Security=SSPI;Persist Security Info=False;Initial Catalog=x;Data Source=PRAXIS-SRV\MEDATIXX",
            named("PRAXIS-SRV", "MEDATIXX"),
        ),
        (
            r"Provider=MSOLEDBSQL;Server=(local)\SQLEXPRESS;Database=x;Trusted_Connection=yes",
            named("localhost", "SQLEXPRESS"),
        ),
        (
            r"Driver={ODBC Driver 17 for SQL Server};Server=192.168.0.10\MEDATIXX,49170;Uid=sa;Pwd={p}}w;d}",
            host("192.168.0.10", 49170),
        ),
        (
            "data source=localhost;initial catalog=x;user id=sa;password=pw",
            host("localhost", 1433),
        ),
        (r"SERVER=srv\MSSQLSERVER;UID=sa;PWD=pw", host("srv", 1433)),
        (
            "Address=10.0.0.5,1533;Database=x;Integrated Security=true",
            host("10.0.0.5", 1533),
        ),
        (
            r"  Data Source = PRAXIS\X.CONCEPT ; Integrated Security = SSPI ;",
            named("PRAXIS", "X.CONCEPT"),
        ),
        (
            r#"Data Source="srv\MEDATIXX";Integrated Security=True"#,
            named("srv", "MEDATIXX"),
        ),
        (
            "Server=tcp:srv.praxis.local;Integrated Security=True",
            host("srv.praxis.local", 1433),
        ),
    ];
    for (s, want) in cases {
        let p = parse_connection_string(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(&p.server, want, "{s}");
    }
    let odbc = parse_connection_string(cases[2].0).expect("odbc");
    assert!(
        matches!(odbc.auth, Auth::Sql { ref password, .. } if password.expose_secret() == "p}w;d")
    );
}

#[test]
fn encryption_trust_and_timeout() {
    let p = parse_connection_string("Server=s;Encrypt=False;TrustServerCertificate=no;Connect Timeout=30;Integrated Security=True").expect("parses");
    assert_eq!(p.encryption, Some(Encryption::Off));
    assert_eq!(p.trust_server_certificate, Some(false));
    assert_eq!(p.login_timeout, Some(Duration::from_secs(30)));
    let p = parse_connection_string("Server=s;Encrypt=Mandatory").expect("parses");
    assert_eq!(p.encryption, Some(Encryption::Required));
    let s = p.into_settings("C:\\staging".into());
    assert_eq!(s.encryption, Encryption::Required);
    assert!(!s.trust_server_certificate);
}

#[test]
fn no_credentials_means_windows_login() {
    let p = parse_connection_string(r"Data Source=.\MEDATIXX").expect("parses");
    assert!(matches!(p.auth, Auth::Windows));
}

#[test]
fn invalid_strings_are_rejected_with_reason() {
    for bad in [
        "",
        "Initial Catalog=x;Integrated Security=True",
        "Server=srv,port",
        r"Server=np:\\.\pipe\MSSQL$X\sql\query",
        r"Server=(localdb)\MSSQLLocalDB",
        "Server=s;Encrypt=maybe",
        "Server=s;Integrated Security=vielleicht",
        "Server='s",
        "Server=s;Connect Timeout=soon",
        "just text",
    ] {
        let err = parse_connection_string(bad).expect_err(bad);
        assert!(
            matches!(err, SqlError::InvalidConnectionString { .. }),
            "{bad}"
        );
        assert!(err
            .render(tresor::i18n::Language::De)
            .contains("Verbindungszeichenfolge"));
    }
}

#[test]
fn server_forms() {
    assert_eq!(
        parse_server(r".\MEDATIXX").expect("p"),
        named("localhost", "MEDATIXX")
    );
    assert_eq!(
        parse_server("TCP:srv , 1444").expect("p"),
        host("srv", 1444)
    );
    assert_eq!(
        parse_server(r"srv\INST,1500").expect("p"),
        host("srv", 1500)
    );
    assert_eq!(named("h", "I").to_string(), r"h\I");
}
