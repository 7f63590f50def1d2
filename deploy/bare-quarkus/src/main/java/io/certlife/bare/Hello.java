package io.certlife.bare;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The one endpoint of the footprint benchmark's baseline. */
@Path("/hello")
public class Hello {

    @GET
    public String hello() {
        return "hello";
    }
}
