package io.pigeonim.message.group;

import io.pigeonim.common.identity.IdentityHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses a client API request without a valid identity (401) before its body is even read. */
public final class IdentityInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Caller.of(request.getHeader(IdentityHeaders.UID), request.getHeader(IdentityHeaders.DEVICE_ID));
        return true;
    }
}
