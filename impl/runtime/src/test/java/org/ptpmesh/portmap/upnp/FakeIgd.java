package org.ptpmesh.portmap.upnp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Internet Gateway Device on loopback for tests: an SSDP responder on a UDP port of its own
 * and a JDK HttpServer with a device description and a WANIPConnection:1 control URL that keeps
 * UDP mappings. What it answers can be changed to what a broken or hostile router would say.
 */
final class FakeIgd implements AutoCloseable {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final String EXTERNAL = "203.0.113.5";
    private static final Pattern ARGUMENT = Pattern.compile("<(New\\w+)>([^<]*)</\\1>");

    /** Every SOAP action received, with its arguments. */
    record Call(String action, Map<String, String> arguments) {
    }

    /** External port to the internal client:port it forwards to. */
    final Map<Integer, String> mappings = new ConcurrentHashMap<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<String> descriptionFetches = new CopyOnWriteArrayList<>();

    private final HttpServer http;
    private final DatagramSocket ssdp;
    private final Thread responder;
    /** What the SSDP responder puts in LOCATION, given the HTTP port. */
    volatile Function<Integer, String> location = port -> "http://127.0.0.1:" + port + "/rootDesc.xml";
    volatile byte[] description;
    /** The answer to an action instead of the normal one (a fault, garbage), or null. */
    volatile Function<Call, String> override = call -> null;

    FakeIgd() throws IOException {
        http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 8);
        description = description("/ctl/IPConn").getBytes(StandardCharsets.UTF_8);
        http.createContext("/rootDesc.xml", ex -> {
            descriptionFetches.add(ex.getRequestURI().toString());
            reply(ex, 200, description);
        });
        http.createContext("/ctl/IPConn", this::control);
        http.start();
        ssdp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        responder = new Thread(this::answerSearches, "fake-igd-ssdp");
        responder.setDaemon(true);
        responder.start();
    }

    /** The port to send SSDP searches to. */
    int ssdpPort() {
        return ssdp.getLocalPort();
    }

    int httpPort() {
        return http.getAddress().getPort();
    }

    /** Settings that search this IGD (as group and as the gateway's own SSDP port) and wait briefly. */
    UpnpSettings settings() {
        return UpnpSettings.standard().searchingAt(new InetSocketAddress(LOOPBACK, ssdpPort()), ssdpPort()).withWaits(1_000, 1_000);
    }

    long count(String action) {
        return calls.stream().filter(c -> c.action().equals(action)).count();
    }

    static String description(String controlUrl) {
        return "<?xml version=\"1.0\"?><root xmlns=\"urn:schemas-upnp-org:device-1-0\"><specVersion><major>1</major>"
                + "<minor>0</minor></specVersion><device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
                + "<deviceList><device><deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType><deviceList><device>"
                + "<deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType><serviceList><service>"
                + "<serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType>"
                + "<serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId><controlURL>" + controlUrl + "</controlURL>"
                + "<eventSubURL>/evt/IPConn</eventSubURL><SCPDURL>/WANIPCn.xml</SCPDURL></service></serviceList>"
                + "</device></deviceList></device></deviceList></device></root>";
    }

    static String fault(int code, String description) {
        return "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
                + "<faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail>"
                + "<UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>" + code + "</errorCode>"
                + "<errorDescription>" + description + "</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>";
    }

    private void control(HttpExchange ex) throws IOException {
        String soapAction = ex.getRequestHeaders().getFirst("SOAPAction");
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String action = soapAction == null ? "" : soapAction.replaceAll(".*#|\"", "");
        Map<String, String> arguments = new ConcurrentHashMap<>();
        Matcher m = ARGUMENT.matcher(body);
        while (m.find()) {
            arguments.put(m.group(1), m.group(2));
        }
        Call call = new Call(action, arguments);
        calls.add(call);
        String special = override.apply(call);
        if (special != null) {
            reply(ex, special.contains("<s:Fault>") ? 500 : 200, special.getBytes(StandardCharsets.UTF_8));
            return;
        }
        String out = switch (action) {
            case "GetExternalIPAddress" -> "<NewExternalIPAddress>" + EXTERNAL + "</NewExternalIPAddress>";
            case "AddPortMapping" -> {
                mappings.put(Integer.parseInt(arguments.get("NewExternalPort")),
                        arguments.get("NewInternalClient") + ":" + arguments.get("NewInternalPort"));
                yield "";
            }
            case "DeletePortMapping" -> {
                mappings.remove(Integer.parseInt(arguments.get("NewExternalPort")));
                yield "";
            }
            default -> null;
        };
        if (out == null) {
            reply(ex, 500, fault(401, "Invalid Action").getBytes(StandardCharsets.UTF_8));
            return;
        }
        reply(ex, 200, ("<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                + "<u:" + action + "Response xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\">" + out
                + "</u:" + action + "Response></s:Body></s:Envelope>").getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/xml; charset=\"utf-8\"");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void answerSearches() {
        byte[] buffer = new byte[2048];
        while (!ssdp.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                ssdp.receive(p);
                String search = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                Matcher st = Pattern.compile("\r\nST: (\\S+)").matcher(search);
                if (!search.startsWith("M-SEARCH") || !st.find()) {
                    continue;
                }
                byte[] answer = ("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: " + st.group(1) + "\r\nUSN: uuid:fake::"
                        + st.group(1) + "\r\nEXT:\r\nSERVER: fake UPnP/1.1\r\nLOCATION: " + location.apply(httpPort()) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                ssdp.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // a test's responder: the next search is answered
            }
        }
    }

    @Override
    public void close() {
        ssdp.close();
        http.stop(0);
    }
}
