package org.ptpmesh.portmap.upnp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The client's HTTP to the gateway, with the JDK's HttpClient: HTTP/1.1 (no upgrade a router's
 * tiny server may not know), no proxy, no redirect (a redirect could lead off the gateway), a
 * timeout on the connection and on each answer, every URL checked against the gateway
 * ({@link GatewayHost}) and every body read only up to its limit. Its own tasks run on one
 * thread that ends when idle: the client's default executor would start a thread per task
 * waiting, without a bound.
 */
final class IgdHttp {

    private final HttpClient http;
    private final InetAddress gateway;
    private final Duration timeout;

    IgdHttp(InetAddress gateway, long timeoutMillis) {
        this.gateway = gateway;
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.of(null)).connectTimeout(timeout).executor(oneThread()).build();
    }

    private static ThreadPoolExecutor oneThread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ptpmesh-upnp-http");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** The device description at {@code location}. */
    byte[] description(URI location) throws UpnpException {
        HttpRequest request = HttpRequest.newBuilder(GatewayHost.check(location, gateway)).timeout(timeout).GET().build();
        Answer a = send(request, UpnpLimits.MAX_DESCRIPTION_BYTES);
        if (a.status() != 200) {
            throw new UpnpException(UpnpException.Kind.HTTP_STATUS, "GET " + location + ": HTTP " + a.status());
        }
        return a.body();
    }

    /** Posts {@code action} to the service; its out-arguments, or the IGD's refusal. */
    Map<String, String> call(IgdService service, String action, List<SoapMessages.Argument> arguments) throws UpnpException {
        HttpRequest request = HttpRequest.newBuilder(GatewayHost.check(service.controlUrl(), gateway)).timeout(timeout)
                .header("Content-Type", "text/xml; charset=\"utf-8\"")
                .header("SOAPAction", "\"" + service.serviceType() + "#" + action + "\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(SoapMessages.request(service.serviceType(), action, arguments)))
                .build();
        Answer a = send(request, UpnpLimits.MAX_SOAP_BYTES);
        // a fault comes with 500 (UPnP Device Architecture 1.1, section 3.2.2)
        if (a.status() != 200 && a.status() != 500) {
            throw new UpnpException(UpnpException.Kind.HTTP_STATUS, action + ": HTTP " + a.status());
        }
        return SoapMessages.response(a.body(), action);
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer send(HttpRequest request, int limit) throws UpnpException {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > limit) {
                    throw tooLarge(request, limit);
                }
                byte[] body = in.readNBytes(limit + 1);
                if (body.length > limit) {
                    throw tooLarge(request, limit);
                }
                return new Answer(response.statusCode(), body);
            }
        } catch (UpnpException e) {
            throw e;
        } catch (IOException e) {
            throw new UpnpException(UpnpException.Kind.NO_ANSWER, request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpnpException(UpnpException.Kind.NO_ANSWER, "interrupted while asking " + request.uri(), e);
        }
    }

    private static UpnpException tooLarge(HttpRequest request, int limit) {
        return new UpnpException(UpnpException.Kind.TOO_LARGE, request.uri() + " answered more than " + limit + " bytes");
    }
}
