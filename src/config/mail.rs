//! `mail:` — the SMTP server and recipients of the job mails.
//! (Reading is filled in by the mail work; the types are what `report::mail`
//! codes against.)

/// Where job mails go and through which server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailSettings {
    /// Sender address.
    pub from: String,
    /// Recipients (practice, IT partner).
    pub to: Vec<String>,
}
