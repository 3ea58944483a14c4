package io.roomwire.admin;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/admin/stats}: the dashboard's tiles and chart. */
@RestController
class AdminStatsController {

    private final StatsSampler sampler;

    AdminStatsController(StatsSampler sampler) {
        this.sampler = sampler;
    }

    @GetMapping("/api/admin/stats")
    StatsSampler.Stats stats() {
        return sampler.stats();
    }
}
