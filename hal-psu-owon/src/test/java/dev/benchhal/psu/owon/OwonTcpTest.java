package dev.benchhal.psu.owon;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A LAN supply: the simulator behind a TCP socket on 127.0.0.1. */
class OwonTcpTest {

    /** Serves the simulator to one client, replies with CR LF; the accepted connection is handed out. */
    private static java.util.concurrent.CompletableFuture<Socket> serve(ServerSocket server, OwonSimulator simulator) {
        java.util.concurrent.CompletableFuture<Socket> accepted = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (Socket client = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                 OutputStream out = client.getOutputStream()) {
                accepted.complete(client);
                String line;
                while ((line = in.readLine()) != null) {
                    var reply = simulator.handle(line);
                    if (reply.isPresent()) {
                        out.write((reply.get() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
            } catch (IOException ignored) {
                // the test ended the connection
            }
        }, "owon-tcp-sim");
        t.setDaemon(true);
        t.start();
        return accepted;
    }

    @Test
    void drivesASupplyOverTcp() throws IOException {
        OwonSimulator simulator = new OwonSimulator(OwonModel.ODP3032, "LAN1", BenchClock.system());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var connection = serve(server, simulator);
            try (PowerSupply psu = new OwonProvider().open(DeviceSpec.of("owon:tcp://127.0.0.1:" + server.getLocalPort()),
                    DriverContext.standalone())) {
                assertThat(psu.identity().model()).isEqualTo("ODP3032");
                assertThat(connection).as("the driver's connection was accepted").isDone();
                psu.channel(2).setVoltage(3.3);
                assertThat(psu.channel(2).voltageSetpoint()).isEqualTo(3.3);
                psu.channel(2).setOutput(true);
                assertThat(simulator.isOutputOn(2)).isTrue();
            }
            assertThat(simulator.isOutputOn(2)).as("safe off").isFalse();
        }
    }

    @Test
    void aSupplyThatHangsUpIsADisconnectionAndNothingListeningIsNotFound() throws IOException {
        OwonSimulator simulator = new OwonSimulator(OwonModel.SPE6103, "LAN2", BenchClock.system());
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            var connection = serve(server, simulator);
            PowerSupply psu = new OwonProvider().open(DeviceSpec.of("owon:tcp://127.0.0.1:" + port + "?safeOffOnClose=false"),
                    DriverContext.standalone());
            psu.voltageSetpoint();
            connection.join().close();              // the supply hangs up
            assertThatThrownBy(psu::voltageSetpoint).isInstanceOf(DisconnectedException.class)
                    .hasMessageContaining("tcp://127.0.0.1:" + port);
            psu.close();
        }
        assertThatThrownBy(() -> new OwonProvider().open(DeviceSpec.of("owon:tcp://127.0.0.1:" + port), DriverContext.standalone()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("cannot connect");
    }

    @Test
    void garbageInsteadOfAReplyIsAProtocolErrorNotAnEndlessBuffer() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread talker = new Thread(() -> {
                try (Socket client = server.accept();
                     BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                     OutputStream out = client.getOutputStream()) {
                    in.readLine();                  // the identity query, answered by another device's stream
                    out.write("x".repeat(ReplyLineAssembler.MAX_LINE + 100).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.readLine();                  // hold the connection until the driver gives up
                } catch (IOException ignored) {
                    // the driver closed the connection
                }
            }, "owon-tcp-garbage");
            talker.setDaemon(true);
            talker.start();
            assertThatThrownBy(() -> new OwonProvider().open(DeviceSpec.of("owon:tcp://127.0.0.1:" + server.getLocalPort()),
                    DriverContext.standalone()))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("tcp://127.0.0.1:" + server.getLocalPort())
                    .hasMessageContaining("longer than 4096 bytes");
        }
    }
}
