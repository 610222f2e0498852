//! Only requests whose `Host` names the server are answered (DNS rebinding).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses requests not addressed to this server. A page elsewhere can point
/// a name it controls at 127.0.0.1 (DNS rebinding) and so read the preview,
/// unpublished drafts included, as if same-origin; its requests then carry
/// that name as `Host`. HTTP/1.1 clients always send `Host`, so a request
/// without one is refused too.
pub(super) async fn only_own_host(
    State(address): State<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let host_ok = match (hosts.next(), hosts.next()) {
        (Some(host), None) => host.to_str().is_ok_and(|host| host_allowed(host, address)),
        _ => false,
    };
    // An absolute request target (`GET http://name/`) names the host too.
    let target_ok = request
        .uri()
        .authority()
        .is_none_or(|authority| host_allowed(authority.as_str(), address));
    if host_ok && target_ok {
        return next.run(request).await;
    }
    let port = address.port();
    let (shown, or_localhost) = if address.ip().is_unspecified() || address.ip().is_loopback() {
        let shown = if address.ip().is_unspecified() {
            SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), port)
        } else {
            address
        };
        (shown, format!(" (eller http://localhost:{port}/)"))
    } else {
        (address, String::new())
    };
    let body = format!(
        "Forhåndsvisningen svarer kun på adressen http://{shown}/{or_localhost}.\n\
         Forespørgslen var stilet til en anden vært og er afvist, så andre websteder ikke kan læse \
         forhåndsvisningen (DNS-rebinding). Åbn adressen ovenfor i browseren.\n"
    );
    let mut response = (StatusCode::FORBIDDEN, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Whether `host` (a `Host` header: name or IP, optional port) names the
/// server listening on `address`: `localhost` or a loopback IP, or the bound
/// IP itself, with the listening port. Other names are refused, since any
/// name can be made to resolve to this machine; an IP literal cannot be
/// rebound, so with `--bind 0.0.0.0` (or `::`) every IP of the machine is fine.
pub(crate) fn host_allowed(host: &str, address: SocketAddr) -> bool {
    let Some((name, port)) = split_host(host) else {
        return false;
    };
    // Browsers leave out the default port.
    if port.unwrap_or(80) != address.port() {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    name.parse::<IpAddr>()
        .is_ok_and(|ip| ip.is_loopback() || ip == address.ip() || address.ip().is_unspecified())
}

/// Splits `name:port`, `[v6]:port`, `name` or `[v6]`; `None` when malformed.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let port = |digits: &str| {
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<u16>().ok())
            .flatten()
    };
    if let Some(rest) = host.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        ip.parse::<std::net::Ipv6Addr>().ok()?;
        return match after {
            "" => Some((ip, None)),
            after => Some((ip, Some(port(after.strip_prefix(':')?)?))),
        };
    }
    match host.rsplit_once(':') {
        // A bare IPv6 address without brackets is not a valid Host.
        Some((name, _)) if name.contains(':') => None,
        Some((name, digits)) => Some((name, Some(port(digits)?))),
        None => Some((host, None)),
    }
}
