package io.opsbench.platform.tenancy;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

    /**
     * The request pool ({@code dataSource}, embedded or configured) sends the session context with
     * statements and keeps each tenant to its share of connections.
     */
    @Bean
    static BeanPostProcessor contextBindingDataSource(ObjectProvider<TenantConnectionSettings> settings) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return beanName.equals("dataSource") && bean instanceof DataSource dataSource
                        && !(bean instanceof ContextBindingDataSource)
                        ? new ContextBindingDataSource(dataSource, new TenantConnections(settings.getObject()))
                        : bean;
            }
        };
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new TenantTransactionManager(dataSource);
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }
}
