//! The German region rule: which regions of which S3 providers are data
//! centres in Germany. Practices store health data (Art. 9 GDPR, § 203 StGB);
//! tresor refuses to send it to a region outside Germany.
//!
//! Owns the table of providers, their German regions and their documented
//! endpoints. Each entry cites the provider's page it was checked against.

/// An S3 provider tresor knows the regions of, or a self-hosted server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    /// Amazon Web Services.
    Aws,
    /// Hetzner Object Storage.
    Hetzner,
    /// IONOS Cloud Object Storage.
    Ionos,
    /// OVHcloud Object Storage.
    Ovh,
    /// STACKIT Object Storage (Schwarz Digits).
    Stackit,
    /// Open Telekom Cloud OBS (T-Systems).
    OpenTelekomCloud,
    /// Wasabi Hot Cloud Storage.
    Wasabi,
    /// A server of the practice or its IT partner (MinIO, a NAS with S3, …):
    /// tresor cannot know where it stands, so the config must say
    /// `located_in_germany: true`.
    SelfHosted,
}

/// One German region of a provider.
struct GermanRegion {
    provider: Provider,
    region: &'static str,
    /// Where, for messages.
    place: &'static str,
}

/// The German regions. Anything else of a known provider is refused.
const GERMAN: &[GermanRegion] = &[
    // AWS Europe (Frankfurt) = eu-central-1 (eu-central-2 is Zurich):
    // https://docs.aws.amazon.com/general/latest/gr/s3.html
    GermanRegion {
        provider: Provider::Aws,
        region: "eu-central-1",
        place: "Frankfurt",
    },
    // Hetzner: Falkenstein fsn1, Nuremberg nbg1 (hel1 is Helsinki):
    // https://docs.hetzner.com/storage/object-storage/overview ("Available endpoints")
    GermanRegion {
        provider: Provider::Hetzner,
        region: "fsn1",
        place: "Falkenstein",
    },
    GermanRegion {
        provider: Provider::Hetzner,
        region: "nbg1",
        place: "Nürnberg",
    },
    // IONOS: "Frankfurt, Germany in de", "Berlin, Germany in eu-central-2
    // and eu-central-3" (eu-south-2 is Logroño, Spain):
    // https://docs.ionos.com/cloud/storage-and-backup/ionos-object-storage/concepts/buckets
    GermanRegion {
        provider: Provider::Ionos,
        region: "de",
        place: "Frankfurt",
    },
    GermanRegion {
        provider: Provider::Ionos,
        region: "eu-central-2",
        place: "Berlin",
    },
    GermanRegion {
        provider: Provider::Ionos,
        region: "eu-central-3",
        place: "Berlin",
    },
    // OVHcloud: region DE = Frankfurt (s3.de.io.cloud.ovh.net):
    // https://help.ovhcloud.com/csm/en-public-cloud-storage-s3-location
    GermanRegion {
        provider: Provider::Ovh,
        region: "de",
        place: "Frankfurt",
    },
    // STACKIT: region eu01 (Germany), endpoint object.storage.eu01.onstackit.cloud:
    // https://docs.stackit.cloud/products/storage/object-storage/basics/concepts
    GermanRegion {
        provider: Provider::Stackit,
        region: "eu01",
        place: "Deutschland",
    },
    // Open Telekom Cloud: eu-de (Magdeburg/Biere); eu-nl is Amsterdam:
    // https://docs.otc.t-systems.com/regions-and-endpoints/index.html
    GermanRegion {
        provider: Provider::OpenTelekomCloud,
        region: "eu-de",
        place: "Magdeburg/Biere",
    },
    // Wasabi EU Central 2 (Frankfurt) = s3.eu-central-2.wasabisys.com
    // (eu-central-1 is Amsterdam):
    // https://docs.wasabi.com/docs/what-are-the-service-urls-for-wasabis-different-storage-regions
    GermanRegion {
        provider: Provider::Wasabi,
        region: "eu-central-2",
        place: "Frankfurt",
    },
];

/// Why a region is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegionProblem {
    /// A known provider's region that is not in Germany (or not known to us);
    /// `german` lists the ones that are.
    NotGerman { german: Vec<&'static str> },
    /// `self-hosted` without `located_in_germany: true`.
    SelfHostedUndeclared,
}

impl Provider {
    /// Every provider, in the order messages list them.
    pub const ALL: &'static [Provider] = &[
        Provider::Aws,
        Provider::Hetzner,
        Provider::Ionos,
        Provider::Ovh,
        Provider::Stackit,
        Provider::OpenTelekomCloud,
        Provider::Wasabi,
        Provider::SelfHosted,
    ];

    /// The config name (`provider: hetzner`).
    pub fn name(self) -> &'static str {
        match self {
            Provider::Aws => "aws",
            Provider::Hetzner => "hetzner",
            Provider::Ionos => "ionos",
            Provider::Ovh => "ovh",
            Provider::Stackit => "stackit",
            Provider::OpenTelekomCloud => "open-telekom-cloud",
            Provider::Wasabi => "wasabi",
            Provider::SelfHosted => "self-hosted",
        }
    }

    /// Parses a config name, case-insensitively; `otc` and `custom` are aliases.
    pub fn parse(text: &str) -> Option<Provider> {
        let t = text.trim().to_ascii_lowercase().replace('_', "-");
        match t.as_str() {
            "otc" | "telekom" => return Some(Provider::OpenTelekomCloud),
            "custom" | "selfhosted" => return Some(Provider::SelfHosted),
            "amazon" => return Some(Provider::Aws),
            _ => {}
        }
        Provider::ALL.iter().copied().find(|p| p.name() == t)
    }

    /// The provider's documented S3 endpoint for `region` (see the table's
    /// sources), or `None` where the config must name one (AWS: the SDK
    /// knows it; IONOS and self-hosted: `endpoint:` is required).
    pub fn endpoint(self, region: &str) -> Option<String> {
        match self {
            Provider::Hetzner => Some(format!("https://{region}.your-objectstorage.com")),
            Provider::Ovh => Some(format!("https://s3.{region}.io.cloud.ovh.net")),
            Provider::Stackit => Some(format!("https://object.storage.{region}.onstackit.cloud")),
            Provider::OpenTelekomCloud => Some(format!("https://obs.{region}.otc.t-systems.com")),
            Provider::Wasabi => Some(format!("https://s3.{region}.wasabisys.com")),
            Provider::Aws | Provider::Ionos | Provider::SelfHosted => None,
        }
    }

    /// The provider's German regions.
    pub fn german_regions(self) -> Vec<&'static str> {
        GERMAN
            .iter()
            .filter(|g| g.provider == self)
            .map(|g| g.region)
            .collect()
    }
}

/// Whether an explicit `endpoint:` host (lower case, after `https://`)
/// belongs to `provider`'s `region`: the documented endpoint where the table
/// has one; for AWS and IONOS a host of the provider's domain that names the
/// region (IONOS `de` is served as `eu-central-1`). A self-hosted server
/// is the declaration's responsibility (`located_in_germany: true`).
pub fn endpoint_fits(provider: Provider, region: &str, host: &str) -> bool {
    let host = host.split(['/', ':']).next().unwrap_or("");
    let region = region.to_ascii_lowercase();
    let names_region = |want: &str| {
        host.split('.')
            .any(|l| l == want || l.strip_prefix("s3-") == Some(want))
    };
    match provider {
        Provider::SelfHosted => true,
        Provider::Aws => host.ends_with(".amazonaws.com") && names_region(&region),
        Provider::Ionos => {
            let want = if region == "de" {
                "eu-central-1"
            } else {
                region.as_str()
            };
            host.ends_with(".ionoscloud.com") && names_region(want)
        }
        _ => provider.endpoint(&region).is_some_and(|doc| {
            doc.strip_prefix("https://")
                .is_some_and(|d| d.eq_ignore_ascii_case(host))
        }),
    }
}

/// The German place of `region`, or why it is refused.
pub fn check(
    provider: Provider,
    region: &str,
    located_in_germany: bool,
) -> Result<&'static str, RegionProblem> {
    if provider == Provider::SelfHosted {
        return if located_in_germany {
            Ok("")
        } else {
            Err(RegionProblem::SelfHostedUndeclared)
        };
    }
    let region = region.trim().to_ascii_lowercase();
    GERMAN
        .iter()
        .find(|g| g.provider == provider && g.region == region)
        .map(|g| g.place)
        .ok_or_else(|| RegionProblem::NotGerman {
            german: provider.german_regions(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_german_regions_of_each_provider_pass() {
        for (p, r, place) in [
            (Provider::Aws, "eu-central-1", "Frankfurt"),
            (Provider::Hetzner, "fsn1", "Falkenstein"),
            (Provider::Hetzner, "NBG1", "Nürnberg"),
            (Provider::Ionos, "de", "Frankfurt"),
            (Provider::Ovh, "de", "Frankfurt"),
            (Provider::Stackit, "eu01", "Deutschland"),
            (Provider::OpenTelekomCloud, "eu-de", "Magdeburg/Biere"),
            (Provider::Wasabi, "eu-central-2", "Frankfurt"),
        ] {
            assert_eq!(check(p, r, false), Ok(place), "{p:?} {r}");
        }
    }

    #[test]
    fn regions_outside_germany_are_refused_with_the_german_ones_named() {
        for (p, r) in [
            (Provider::Aws, "eu-central-2"), // Zurich
            (Provider::Aws, "eu-west-1"),
            (Provider::Aws, "us-east-1"),
            (Provider::Hetzner, "hel1"),
            (Provider::Ionos, "eu-south-2"),
            (Provider::OpenTelekomCloud, "eu-nl"),
            (Provider::Wasabi, "eu-central-1"), // Amsterdam
            (Provider::Stackit, "eu02"),
        ] {
            assert!(
                matches!(check(p, r, true), Err(RegionProblem::NotGerman { .. })),
                "{p:?} {r} must be refused, also when declared German"
            );
        }
        assert_eq!(
            check(Provider::Hetzner, "hel1", false),
            Err(RegionProblem::NotGerman {
                german: vec!["fsn1", "nbg1"]
            })
        );
    }

    #[test]
    fn self_hosted_needs_the_declaration() {
        assert_eq!(
            check(Provider::SelfHosted, "anything", false),
            Err(RegionProblem::SelfHostedUndeclared)
        );
        assert!(check(Provider::SelfHosted, "us-east-1", true).is_ok());
    }

    #[test]
    fn provider_names_round_trip_and_aliases_parse() {
        for p in Provider::ALL {
            assert_eq!(Provider::parse(p.name()), Some(*p));
        }
        assert_eq!(Provider::parse(" OTC "), Some(Provider::OpenTelekomCloud));
        assert_eq!(Provider::parse("custom"), Some(Provider::SelfHosted));
        assert_eq!(Provider::parse("self_hosted"), Some(Provider::SelfHosted));
        assert_eq!(Provider::parse("dropbox"), None);
    }

    #[test]
    fn documented_endpoints() {
        assert_eq!(
            Provider::Hetzner.endpoint("fsn1").as_deref(),
            Some("https://fsn1.your-objectstorage.com")
        );
        assert_eq!(
            Provider::Wasabi.endpoint("eu-central-2").as_deref(),
            Some("https://s3.eu-central-2.wasabisys.com")
        );
        assert_eq!(Provider::Aws.endpoint("eu-central-1"), None);
        assert_eq!(Provider::SelfHosted.endpoint("x"), None);
    }
}

#[cfg(test)]
mod endpoint_tests {
    use super::*;

    #[test]
    fn an_endpoint_of_another_region_is_not_the_declared_german_one() {
        assert!(endpoint_fits(
            Provider::Hetzner,
            "fsn1",
            "fsn1.your-objectstorage.com"
        ));
        assert!(!endpoint_fits(
            Provider::Hetzner,
            "fsn1",
            "hel1.your-objectstorage.com"
        ));
        assert!(endpoint_fits(
            Provider::Aws,
            "eu-central-1",
            "s3.eu-central-1.amazonaws.com"
        ));
        assert!(!endpoint_fits(
            Provider::Aws,
            "eu-central-1",
            "s3.us-east-1.amazonaws.com"
        ));
        assert!(!endpoint_fits(
            Provider::Aws,
            "eu-central-1",
            "eu-central-1.evil.example"
        ));
        assert!(endpoint_fits(
            Provider::Ionos,
            "de",
            "s3.eu-central-1.ionoscloud.com"
        ));
        assert!(!endpoint_fits(
            Provider::Ionos,
            "de",
            "s3.us-central-1.ionoscloud.com"
        ));
        assert!(endpoint_fits(Provider::SelfHosted, "x", "127.0.0.1:9000"));
    }
}
