package dev.crawlyard.planning.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which URLs a webhook may be sent to: http or https, with a host, and (unless private targets are
 * allowed) none of whose addresses is loopback, private, link-local, shared (100.64/10), unique-local
 * or unspecified, so that a subscription cannot make the platform call into its own network. Checked
 * when a subscription is made and again before every attempt, since a name may resolve elsewhere later.
 */
public final class WebhookTargets {

    private final boolean allowPrivate;

    public WebhookTargets(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why the URL may not be a webhook's target, or null if it may. */
    public String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "not a URL: " + e.getMessage();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "has no host";
        }
        if (uri.getUserInfo() != null) {
            return "must not carry a user name or password";
        }
        if (allowPrivate) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return "its host " + uri.getHost() + " does not resolve";
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                return "its host " + uri.getHost() + " is " + address.getHostAddress()
                        + ", a loopback or private address (crawlyard.webhooks.allow-private-targets allows those)";
            }
        }
        return null;
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // fc00::/7, unique local
        }
        return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64; // 100.64.0.0/10, shared address space
    }
}
