//! `tresor mail test`: sends a test message through the `mail:` server of
//! tresor.yaml, so the IT partner sees at setup — not after the first failed
//! night — whether job mails arrive.
//!
//! Exit codes: 0 when the server accepted the message for every recipient;
//! 2 with the precise reason otherwise (connection, TLS, login, recipient,
//! timeout; codes `mail_*` in docs/output.md); 3 without a `mail:` section.

use crate::error::{exit, Error};
use crate::report::mail;
use crate::tr;

use super::args::{MailAction, MailArgs, MailTestArgs};
use super::context::Ctx;
use super::{output, Outcome};

pub fn run(ctx: &Ctx, a: &MailArgs) -> Result<Outcome, Error> {
    match &a.action {
        MailAction::Test(t) => test(ctx, t),
    }
}

fn test(ctx: &Ctx, a: &MailTestArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let cfg = ctx.need_config()?;
    let Some(configured) = &cfg.mail else {
        return Err(Error::Refused {
            code: "mail_not_configured",
            message: tr!(lang, "mail-not-configured"),
            hint: Some(tr!(lang, "mail-not-configured-hint")),
            exit: exit::USAGE,
        });
    };
    let mut settings = configured.clone();
    if !a.to.is_empty() {
        for to in &a.to {
            if to.parse::<lettre::message::Mailbox>().is_err() {
                let (message, _) = mail::MailError::Address { value: to.clone() }.render(lang);
                return Err(Error::Usage(message));
            }
        }
        settings.to = a.to.clone();
    }
    let server = format!("{}:{}", settings.smtp.host, settings.smtp.port);
    let to = settings.to.join(", ");
    println!(
        "{}",
        tr!(lang, "mail-test-sending", server = &server, to = &to)
    );
    let host = gethostname::gethostname().to_string_lossy().into_owned();
    let text = mail::compose_test(lang, &cfg.practice, &host, chrono::Local::now());
    output::field("server", &server);
    output::field("to", &settings.to);
    match mail::send(&settings, &text) {
        Ok(()) => {
            println!(
                "{}",
                tr!(lang, "mail-test-sent", server = &server, to = &to)
            );
            Ok(Outcome::Ok)
        }
        Err(e) => {
            let (message, hint) = e.render(lang);
            Err(Error::Refused {
                code: e.code(),
                message,
                hint,
                exit: exit::FAILED,
            })
        }
    }
}
